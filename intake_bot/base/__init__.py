"""What knows neither mail nor the campaign: the exception tree, the stage engine, reading a TOML file with
its mistakes explained, the years a text names, the reader's version."""
