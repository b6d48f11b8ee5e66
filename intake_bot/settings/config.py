"""Settings, declared once and validated at load: every type, choice, date and path is checked, every
mistake reported in one plain sentence (validation.py), relative paths resolved against the config file.

Everything has a default; the campaign is a file of its own (`campaign = "…/campaign.toml"`, the default
collection when absent). Secrets (IMAP password or 163 authorization code, SMTP password) never live
in the file, only the name of an environment variable or the path of a secret file.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import os
from enum import StrEnum
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from .. import sources
from ..campaign import Campaign, load_campaign
from ..base.errors import ConfigError
from ..base.validation import explain, read_toml, refuse_secrets, resolve_paths

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHINA_TZ = dt.timezone(dt.timedelta(hours=8))


class Security(StrEnum):
    TLS = "tls"
    STARTTLS = "starttls"
    PLAIN = "plain"


class PostAction(StrEnum):
    NONE = "none"
    SEEN = "seen"


class ReplyMode(StrEnum):
    OUTBOX = "outbox"                 # .eml files in the data directory: nothing leaves the machine
    SMTP = "smtp"
    DRAFTS = "drafts"
    OFF = "off"


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def cores() -> int:
    """The cores this process may run on (a container or a service's CPUAffinity may give fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Limits(_Settings):
    max_mail_bytes: StrictInt = Field(80 * 1024 * 1024, ge=1024)   # one mail, from any source: a larger one is
    #   not read into memory (IMAP asks its RFC822.SIZE first); it is recorded once and quarantined for staff
    max_depth: StrictInt = Field(3, ge=0)                       # archives inside archives
    max_members: StrictInt = Field(500, ge=1)
    max_total_bytes: StrictInt = Field(200 * 1024 * 1024, ge=1)   # uncompressed, per message
    max_member_bytes: StrictInt = Field(100 * 1024 * 1024, ge=1)
    max_ratio: StrictInt = Field(200, ge=1)                     # uncompressed / compressed, per member
    max_name_length: StrictInt = Field(180, ge=16)              # bytes of a saved file's name
    max_pixels: StrictInt = Field(40_000_000, ge=1)             # an image's width × height, checked before decoding
    max_pages: StrictInt = Field(200, ge=1)                     # pages of a PDF read
    max_cells: StrictInt = Field(2_000_000, ge=1)               # cells of a spreadsheet, checked before loading
    document_seconds: StrictFloat = Field(120.0, gt=0)          # wall clock to examine one document
    page_seconds: StrictFloat = Field(20.0, gt=0)               # one PDF page (a crafted page can loop forever)
    worker_memory_mb: StrictInt = Field(1000, ge=100)           # resident memory of one worker (LibreOffice included);
    #   OCR of a photo peaks at 550–700 MB and varies from run to run: a limit at 700 refused good scans
    ocr: StrictBool = True


class Server(_Settings):
    host: str = ""
    port: StrictInt = Field(0, ge=0, le=65535)
    security: Security = Security.TLS
    user: str = ""
    password_env: str = ""
    password_file: str = ""
    timeout: StrictFloat = Field(60.0, gt=0)
    ca_file: str = ""                     # a private CA or self-signed certificate to trust (TLS)

    @model_validator(mode="after")
    def _encrypted_unless_loopback(self):
        if self.security is Security.PLAIN and self.host and not is_loopback(self.host):
            raise ValueError(f"security = \"plain\" 会以明文发送密码，只允许用于本机（127.0.0.1）的测试服务器；"
                             f"{self.host} 请用 \"tls\" 或 \"starttls\"")
        return self

    def ssl_context(self):
        import ssl
        return ssl.create_default_context(cafile=self.ca_file or None)

    def password(self, what: str) -> str:
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value:
                return value
        if self.password_file:
            try:
                return Path(self.password_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"{what} 的密钥文件 {self.password_file} 无法读取：{exc.strerror}。") from None
        raise ConfigError(f"没有 {what} 密码：请设置环境变量 {self.password_env or '（password_env 未填写）'}，"
                          f"或在配置文件中填写 password_file。")


class Mailbox(Server):
    kind: str = Field(default_factory=lambda: sources.path_kind())   # one of sources.names()
    path: str = ""                        # folder or maildir source: a directory of .eml files or a Maildir
    folders: tuple[str, ...] = ("INBOX",)
    post_action: PostAction = PostAction.NONE   # 163 has no MOVE: state lives in our DB
    client_id: tuple[tuple[str, str], ...] = (("name", "intake-bot"), ("version", "0.1.0"),
                                              ("vendor", "jdzx"), ("support-email", "intake@jdzx.gx.example"))
    batch: StrictInt = Field(50, ge=1, le=1000)
    idle: bool = True                     # IMAP IDLE where the server offers it: a new mail is read at once

    @field_validator("kind")
    @classmethod
    def _a_known_kind(cls, value: str) -> str:
        if value not in sources.names():
            raise ValueError(f"值 {value!r} 无效，可选值为：{'、'.join(sources.names())}。")
        return value

    @model_validator(mode="after")
    def _the_kind_s_own_settings(self):
        problem = sources.kind_of(self).validate(self)     # each source kind checks what it needs
        if problem:
            raise ValueError(problem)
        return self


class Smtp(Server):
    sender: str = ""                      # From: of replies; defaults to the campaign address


def _default_campaign() -> Campaign:
    return load_campaign(None)


class Settings(_Settings):
    campaign: Campaign = Field(default_factory=_default_campaign)
    mailbox: Mailbox = Field(default_factory=Mailbox)
    smtp: Smtp = Field(default_factory=Smtp)
    limits: Limits = Field(default_factory=Limits)
    data_dir: Path = PROJECT_DIR / "archive"
    roster: str = ""
    reply_mode: ReplyMode = ReplyMode.OUTBOX
    poll_minutes: StrictFloat = Field(5.0, gt=0)
    max_attempts: StrictInt = Field(3, ge=1)         # a failing message is retried this often, then quarantined
    workers: StrictInt = Field(0, ge=0, le=64)       # worker processes that examine documents; 0: one per core
    replies_per_day: StrictInt = Field(3, ge=1)      # replies to one address in one day, at most
    reply_attempts: StrictInt = Field(5, ge=1)       # delivery attempts of one reply before it is left for staff
    staff_address: str = ""                          # the daily digest is mailed here too (empty: file only)
    digest_hour: StrictInt = Field(8, ge=0, le=23)   # when the daemon writes the daily digest (China time)
    workbook_minutes: StrictFloat = Field(3.0, gt=0)  # the service rewrites the workbook at most this often

    @property
    def worker_count(self) -> int:
        return self.workers or cores()

    @field_validator("campaign", mode="before")
    @classmethod
    def _campaign_file(cls, value):
        if isinstance(value, (str, Path)):
            return load_campaign(value)
        if isinstance(value, dict):
            raise ValueError("campaign 应为竞赛材料收集文件的路径（如 \"config/campaigns/下一年/campaign.toml\"），"
                             "不再是一个 [campaign] 表")
        return value


_PATH_KEYS = ("data_dir", "roster", "campaign")
_SERVER_PATH_KEYS = ("path", "password_file", "ca_file")


def load(path: str | os.PathLike | None, campaign: str | os.PathLike | None = None) -> Settings:
    """Settings from a TOML file (or the defaults), validated; `campaign` overrides the file's."""
    values: dict = {}
    where = "默认设置"
    if path is not None:
        path = Path(path).expanduser().resolve()
        values = read_toml(path, "配置文件")
        refuse_secrets(values)
        base = path.parent
        values = resolve_paths(values, _PATH_KEYS, base)
        for table in ("mailbox", "smtp"):
            if isinstance(values.get(table), dict):
                values[table] = resolve_paths(values[table], _SERVER_PATH_KEYS, base)
        where = f"配置文件 {path}"
    if campaign is not None:
        values["campaign"] = str(Path(campaign).expanduser().resolve())
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise explain(Settings, exc, where) from None


def names_campaign(path: str | os.PathLike | None, campaign: str | os.PathLike | None) -> bool:
    """Whether the command line or the settings file names a campaign (rather than leaving it to the default)."""
    if campaign is not None:
        return True
    return path is not None and "campaign" in read_toml(Path(path).expanduser().resolve(), "配置文件")


def replace(settings, **changes):
    """A copy with some settings changed (command-line options), validated again."""
    data = {**{name: getattr(settings, name) for name in type(settings).model_fields}, **changes}
    try:
        return type(settings).model_validate(data)
    except ValidationError as exc:
        raise explain(type(settings), exc, "命令行选项") from None
