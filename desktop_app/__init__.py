"""Опека-Офлайн: offline registry of measures, resource families and indicators for guardianship offices."""

__version__ = "0.1.0"

APP_TITLE = "Опека-Офлайн"
