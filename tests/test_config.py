"""Settings: the 2024 defaults, TOML overrides, secrets only from the environment or a file."""
from __future__ import annotations

import datetime as dt

import pytest

from intake_bot.config import Mailbox, Settings, load
from intake_bot.errors import ConfigError


def test_defaults_are_the_2024_campaign():
    s = Settings()
    assert s.campaign.deadline == dt.date(2025, 2, 25)
    assert set(s.campaign.materials) == {"summary", "score_sheet", "basic_info", "other_competitions"}
    assert s.mailbox.post_action == "none" and s.reply_mode == "outbox"


def test_example_config_loads(tmp_path):
    from pathlib import Path
    s = load(Path(__file__).resolve().parent.parent / "config" / "intake-bot.example.toml")
    assert s.mailbox.kind == "imap" and s.mailbox.password_env == "INTAKE_BOT_IMAP_PASSWORD"


def test_next_years_campaign_is_a_config_file(tmp_path):
    cfg = tmp_path / "2025.toml"
    cfg.write_text('[campaign]\nyear = 2025\ndeadline = "2026-02-25"\n', encoding="utf-8")
    s = load(cfg)
    assert s.campaign.year == 2025 and s.campaign.deadline == dt.date(2026, 2, 25)


@pytest.mark.parametrize("text,message", [
    ('[mailbox]\npassword = "secret"\n', "Passwords do not belong"),
    ("[mailbox]\nfolderz = 1\n", "Unknown setting mailbox.folderz"),
    ("[campaign.materials]\nsummary = \"x\"\n", "must name exactly"),
    ("not toml = = =", "not valid TOML"),
])
def test_bad_config_is_one_sentence(tmp_path, text, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load(cfg)


def test_secrets_from_environment_or_file(tmp_path, monkeypatch):
    secret = tmp_path / "imap.secret"
    secret.write_text("auth-code\n", encoding="utf-8")
    assert Mailbox(password_file=str(secret)).password("IMAP") == "auth-code"
    monkeypatch.setenv("X_PW", "from-env")
    assert Mailbox(password_env="X_PW", password_file=str(secret)).password("IMAP") == "from-env"
    with pytest.raises(ConfigError, match="cannot be read"):
        Mailbox(password_file=str(tmp_path / "missing")).password("IMAP")
    with pytest.raises(ConfigError, match="No IMAP password"):
        Mailbox().password("IMAP")
