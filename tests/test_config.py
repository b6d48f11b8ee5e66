"""Settings and campaigns: validated at load, one plain sentence per mistake, paths relative to the file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from intake_bot.campaign import DEFAULT_CAMPAIGN_FILE, load_campaign
from intake_bot.settings.config import Mailbox, Settings, load
from intake_bot.base.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
NEXT_YEAR = ROOT / "config" / "campaigns" / "2025" / "campaign.toml"


def test_defaults_are_the_default_campaign():
    s = Settings()
    assert s.campaign.source_file == DEFAULT_CAMPAIGN_FILE
    assert s.campaign.deadline == dt.date(2025, 2, 25)
    assert s.campaign.material_keys == ("summary", "score_sheet", "basic_info", "other_competitions")
    assert s.campaign.misrouted_key == "plan_2025"
    assert s.mailbox.post_action == "none" and s.reply_mode == "outbox"


def test_example_config_loads_and_resolves_paths_against_its_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                      # a service manager's working directory is not the project
    s = load(ROOT / "config" / "intake-bot.example.toml")
    assert s.mailbox.kind == "imap" and s.mailbox.password_env == "INTAKE_BOT_IMAP_PASSWORD"
    assert Path(s.roster) == (ROOT / "config" / "roster.example.csv").resolve()
    assert s.data_dir.is_absolute() and s.data_dir.parent == ROOT


def test_next_years_campaign_is_a_file(tmp_path):
    cfg = tmp_path / "intake.toml"
    cfg.write_text(f'campaign = "{NEXT_YEAR}"\n', encoding="utf-8")
    s = load(cfg)
    assert s.campaign.year == 2025 and s.campaign.deadline == dt.date(2026, 2, 25)
    assert "winners_list" in s.campaign.material_keys
    assert load(None, campaign=NEXT_YEAR).campaign.year == 2025          # --campaign overrides


@pytest.mark.parametrize("text,message", [
    # typos that used to log in in clear text, write to the outbox instead of sending, or crash later
    ('[mailbox]\nkind = "imap"\nhost = "imap.163.com"\nsecurity = "ssl"\n', "mailbox.security 的值 'ssl' 无效"),
    ('reply_mode = "smpt"\n', "reply_mode 的值 'smpt' 无效"),
    ('max_attempts = "3"\n', "max_attempts 应为整数"),
    ('[mailbox]\nkind = "imap"\nhost = "imap.163.com"\nsecurity = "plain"\n', "明文"),
    ('[mailbox]\npassword = "secret"\n', "密码和授权码不能写在配置文件里"),
    ("[mailbox]\nfolderz = 1\n", "未知设置 mailbox.folderz，是否想写 mailbox.folders？"),
    ("reply_mod = \"outbox\"\n", "是否想写 reply_mode？"),
    ("[campaign]\nyear = 2025\n", "不再是一个 [campaign] 表"),
    ('campaign = "no-such-campaign.toml"\n', "不存在"),
    ("not toml = = =", "不是有效的 TOML"),
])
def test_each_mistake_is_one_sentence(tmp_path, text, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load(cfg)
    assert message in str(err.value)
    assert "Traceback" not in str(err.value) and "pydantic" not in str(err.value)


def test_every_unknown_key_is_reported_not_only_the_first(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('pol_minutes = 5\nmax_attempt = 3\n[limits]\nocrr = true\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load(cfg)
    problems = err.value.problems
    assert len(problems) == 3
    assert any("poll_minutes" in p for p in problems) and any("max_attempts" in p for p in problems)
    assert any("limits.ocr" in p for p in problems)


def test_a_bad_deadline_in_a_campaign_is_one_sentence(tmp_path):
    text = DEFAULT_CAMPAIGN_FILE.read_text(encoding="utf-8").replace("deadline = 2025-02-25", 'deadline = "2025/02/25"')
    bad = tmp_path / "campaign.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        load_campaign(bad)


def test_a_rule_naming_no_material_is_refused(tmp_path):
    text = DEFAULT_CAMPAIGN_FILE.read_text(encoding="utf-8").replace('class = "summary"\npattern', 'class = "summry"\npattern')
    bad = tmp_path / "campaign.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="'summry' 不是材料"):
        load_campaign(bad)


def test_plain_imap_is_allowed_on_loopback_only():
    assert Mailbox(kind="imap", host="127.0.0.1", security="plain").security == "plain"
    with pytest.raises(ValueError):
        Mailbox(kind="imap", host="imap.163.com", security="plain")


def test_secrets_from_environment_or_file(tmp_path, monkeypatch):
    secret = tmp_path / "imap.secret"
    secret.write_text("auth-code\n", encoding="utf-8")
    assert Mailbox(password_file=str(secret)).password("IMAP") == "auth-code"
    monkeypatch.setenv("X_PW", "from-env")
    assert Mailbox(password_env="X_PW", password_file=str(secret)).password("IMAP") == "from-env"
    with pytest.raises(ConfigError, match="无法读取"):
        Mailbox(password_file=str(tmp_path / "missing")).password("IMAP")
    with pytest.raises(ConfigError, match="没有 IMAP 密码"):
        Mailbox().password("IMAP")
