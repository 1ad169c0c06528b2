"""The Telegram bot: ``build_application(settings, answerer, feedback)``."""

from bot.app import build_application

__all__ = ["build_application"]
