"""backcare-tui: a hands-free guided exercise timer for runners with a tight lower back."""

__version__ = "0.1.0"
