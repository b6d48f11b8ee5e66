"""intake-bot: the unattended e-mail intake of the 2024 competition-summary collection."""

__version__ = "0.1.0"
