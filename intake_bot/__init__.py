"""intake-bot: the unattended e-mail intake of a yearly collection of competition materials (the campaign)."""

__version__ = "0.2.0"
