"""Evaluation: scoring a gold set exactly as shared/eval/README.md says, and benchmarks."""
