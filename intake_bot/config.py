"""Settings, declared once. The campaign (deadline, materials, contacts, wording) is configuration.

Everything has a default: the 2024 collection of the notice of 2025-01-23. A TOML file overrides any
part of it; secrets (IMAP password or 163 authorization code, SMTP password) never live in the file,
only the name of an environment variable or the path of a secret file.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

MATERIAL_KEYS = ("summary", "score_sheet", "basic_info", "other_competitions")
PROJECT_DIR = Path(__file__).resolve().parent.parent
CHINA_TZ = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Campaign:
    year: int = 2024
    deadline: dt.date = dt.date(2025, 2, 25)
    materials: dict = field(default_factory=lambda: {
        "summary": "2024年竞赛工作总结",
        "score_sheet": "决赛原始成绩单（含裁判长签字）复印件",
        "basic_info": "《2024年自治区级职业技能竞赛基本情况表》（附件1）",
        "other_competitions": "自行开展的其它职业技能竞赛情况",
    })
    center_name: str = "自治区职业技能鉴定中心"
    center_address: str = "intake@jdzx.gx.example"
    contacts: str = "陈富友、夏蔚，联系电话：0771-5832158、0771-5858856"
    paper_address: str = "南宁市青秀区葛村路5号自治区职业技能鉴定中心501室"
    plan_system_path: str = ("广西“数智人社”系统 — 个人办事—技能大赛—主办单位权限模块—竞赛计划申报"
                             "（职业技能竞赛管理信息系统）")
    reminder_days: tuple = (14, 7, 2)   # days before the deadline (for the reminder job, not built yet)
    templates_dir: Path = PROJECT_DIR / "config" / "templates"


@dataclass(frozen=True)
class Limits:
    max_depth: int = 3                    # archives inside archives
    max_members: int = 500
    max_total_bytes: int = 200 * 1024 * 1024   # uncompressed, per message
    max_member_bytes: int = 100 * 1024 * 1024
    max_ratio: int = 200                  # uncompressed / compressed, per member
    max_name_length: int = 180            # bytes of a saved file's name
    ocr: bool = True


@dataclass(frozen=True)
class Server:
    host: str = ""
    port: int = 0
    security: str = "tls"                 # tls | starttls | plain
    user: str = ""
    password_env: str = ""
    password_file: str = ""
    timeout: float = 60.0
    ca_file: str = ""                     # a private CA or self-signed certificate to trust (TLS)

    def ssl_context(self):
        import ssl
        context = ssl.create_default_context(cafile=self.ca_file or None)
        return context

    def password(self, what: str) -> str:
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value:
                return value
        if self.password_file:
            try:
                return Path(self.password_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"The {what} secret file {self.password_file} cannot be read: {exc.strerror}.") from None
        raise ConfigError(f"No {what} password: set the environment variable "
                          f"{self.password_env or '(password_env)'} or password_file in the config.")


@dataclass(frozen=True)
class Mailbox(Server):
    kind: str = "folder"                  # folder | imap
    path: str = ""                        # folder source: a directory of .eml files or a Maildir
    folders: tuple = ("INBOX",)
    post_action: str = "none"             # none | seen (163 has no MOVE: state lives in our DB)
    client_id: tuple = (("name", "intake-bot"), ("version", "0.1.0"),
                        ("vendor", "jdzx"), ("support-email", "intake@jdzx.gx.example"))
    batch: int = 50


@dataclass(frozen=True)
class Smtp(Server):
    sender: str = ""                      # From: of replies; defaults to the campaign address


@dataclass(frozen=True)
class Settings:
    campaign: Campaign = field(default_factory=Campaign)
    mailbox: Mailbox = field(default_factory=Mailbox)
    smtp: Smtp = field(default_factory=Smtp)
    limits: Limits = field(default_factory=Limits)
    data_dir: Path = PROJECT_DIR / "archive"
    roster: str = ""
    reply_mode: str = "outbox"            # outbox | smtp | drafts | off
    poll_minutes: float = 5.0
    max_attempts: int = 3                 # a failing message is retried this often, then quarantined


def _build(cls, values: dict, where: str):
    known = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key in ("password", "secret", "auth_code"):
            raise ConfigError("Passwords do not belong in the config file: use password_env or password_file.")
        if key not in known:
            raise ConfigError(f"Unknown setting {where}{key} in the config file.")
        default = getattr(cls(), key) if key not in ("campaign", "mailbox", "smtp", "limits") else None
        if isinstance(value, dict) and key != "materials":
            sub = {"campaign": Campaign, "mailbox": Mailbox, "smtp": Smtp, "limits": Limits}[key]
            value = _build(sub, value, f"{where}{key}.")
        elif isinstance(default, tuple):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        elif isinstance(default, Path):
            value = Path(value)
        elif isinstance(default, dt.date) and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        kwargs[key] = value
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ConfigError(f"Bad settings in {where or 'the config file'}: {exc}") from None


def load(path: str | os.PathLike | None) -> Settings:
    """Settings from a TOML file (or the defaults), validated."""
    if path is None:
        return Settings()
    try:
        values = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"The config file {path} does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML: {exc}.") from None
    settings = _build(Settings, values, "")
    if set(settings.campaign.materials) != set(MATERIAL_KEYS):
        raise ConfigError(f"campaign.materials must name exactly {', '.join(MATERIAL_KEYS)}.")
    if settings.mailbox.kind not in ("folder", "imap"):
        raise ConfigError("mailbox.kind must be 'folder' or 'imap'.")
    return settings


def replace(settings: Settings, **changes) -> Settings:
    return dataclasses.replace(settings, **changes)
