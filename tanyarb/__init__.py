"""TanyaRB: grounded answers over Indonesian Road Map Reformasi Birokrasi regulations."""

__version__ = "0.1.0"
