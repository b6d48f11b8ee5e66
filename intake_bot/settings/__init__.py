"""The settings of one installation (the TOML file and the command line), declared once and validated at
load."""
