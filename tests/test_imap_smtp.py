"""Integration: a real Dovecot on loopback (and a 163-like proxy in front of it), aiosmtpd for replies."""
from __future__ import annotations

import email
import email.policy
import json
import uuid
from pathlib import Path

import pytest

from intake_bot.settings import config
from intake_bot.cli import main
from intake_bot.app import Intake
from intake_bot.base.errors import LoginError

pytestmark = pytest.mark.integration


def poll(settings, **options) -> dict:
    """One poll as `run --once` makes it: an application of its own, closed after."""
    with Intake(settings) as app:
        return app.poll(**options)


def _settings(tmp_path: Path, port: int, roster: Path, folder: str, smtp: dict | None = None):
    box = config.Mailbox(kind="imap", host="127.0.0.1", port=port, security="plain", user="intake",
                         password_env="INTAKE_TEST_IMAP_PASSWORD", folders=(folder,))
    return config.Settings(mailbox=box, data_dir=tmp_path / "data", roster=str(roster),
                           smtp=config.Smtp(**smtp) if smtp else config.Smtp(),
                           reply_mode="smtp" if smtp else "outbox")


def _export(data_dir: Path) -> dict:
    out = data_dir / "export.json"
    assert main(["export", "--data-dir", str(data_dir), "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture()
def folder(dovecot, monkeypatch):
    """A fresh IMAP folder per test, so tests do not see each other's mail."""
    from servers import PASSWORD
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", PASSWORD)
    name = "T" + uuid.uuid4().hex[:8]
    c = dovecot.client()
    c.create_folder(name)
    c.logout()
    return name


def test_poll_appends_workbook_replies_and_idempotence(tmp_path, dovecot, folder, world):
    mails = world["mails"]
    dovecot.append([raw for _name, raw in mails[:-1]], folder)
    settings = _settings(tmp_path, dovecot.port, world["roster"], folder)
    stats = poll(settings)
    assert stats["read"] == len(mails) - 1 and stats["failed"] == 0
    exported = _export(settings.data_dir)
    kinds = [m["kind"] for m in exported["messages"]]
    expect = [world["expect"][name[4:-4]][0] for name, _raw in mails[:-1]]
    assert kinds == expect
    assert all(m["source"].startswith(f"{folder}/") for m in exported["messages"])
    s01 = next(e for e in exported["entries"] if e["roster_id"] == "S01")
    assert s01["missing"] == []
    outbox = sorted((settings.data_dir / "outbox").glob("*.eml"))
    assert len(outbox) == sum(1 for m in exported["messages"] if m["replied"]) == 5
    import openpyxl
    wb = openpyxl.load_workbook(settings.data_dir / "材料跟踪表.xlsx")
    header = [c.value for c in wb["材料跟踪"][1]]
    rows = {r[0]: dict(zip(header, r)) for r in wb["材料跟踪"].iter_rows(min_row=2, values_only=True)}
    assert [rows["S01"][m] for m in ("竞赛工作总结", "决赛成绩单", "基本情况表（附件1）", "其它竞赛情况")] == ["已收"] * 4
    assert rows["S02"]["决赛成绩单"] == "缺"          # score sheet missing
    # a second poll does nothing new
    again = poll(settings)
    assert again["read"] == 0 and len(list((settings.data_dir / "outbox").glob("*.eml"))) == 5
    # a mail appended after the first poll is picked up alone
    dovecot.append([mails[-1][1]], folder)
    third = poll(settings)
    assert third["read"] == 1 and third["new"] == 1
    s03 = next(e for e in _export(settings.data_dir)["entries"] if e["roster_id"] == "S03")
    assert set(s03["received"]) == {"summary", "score_sheet", "other_competitions"}
    # the server copy is untouched (BODY.PEEK): nothing was flagged \Seen
    c = dovecot.client()
    c.select_folder(folder, readonly=True)
    assert c.search(["SEEN"]) == []
    c.logout()


def test_netease_requires_id_before_select(tmp_path, dovecot, folder, world):
    from servers import NeteaseProxy
    proxy = NeteaseProxy(dovecot.port)
    try:
        dovecot.append([world["mails"][0][1]], folder)
        import imapclient
        raw_client = imapclient.IMAPClient("127.0.0.1", port=proxy.port, ssl=False)
        raw_client.login("intake", "auth-code-123")
        with pytest.raises(imapclient.exceptions.IMAPClientError, match="Unsafe Login"):
            raw_client.select_folder(folder)
        raw_client.logout()
        settings = _settings(tmp_path, proxy.port, world["roster"], folder)
        stats = poll(settings)
        assert stats["read"] == 1 and proxy.saw_id
    finally:
        proxy.close()


def test_uidvalidity_change_does_not_reprocess(tmp_path, dovecot, folder, world):
    dovecot.append([raw for _n, raw in world["mails"][:2]], folder)
    settings = _settings(tmp_path, dovecot.port, world["roster"], folder)
    assert poll(settings)["read"] == 2
    from intake_bot.sources.imap import read_cursor, write_cursor
    from intake_bot.store.state import State
    st = State(settings.data_dir / "state.sqlite3")
    validity, last = read_cursor(st, folder)
    write_cursor(st, folder, validity + 1000, last)   # as if the server had renumbered the folder
    st.close()
    stats = poll(settings)
    exported = _export(settings.data_dir)
    assert len(exported["messages"]) == 2 and stats["new"] == 0
    assert len(list((settings.data_dir / "outbox").glob("*.eml"))) == 2


def test_wrong_password_is_one_sentence(tmp_path, dovecot, folder, world, monkeypatch, capsys):
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", "wrong")
    settings = _settings(tmp_path, dovecot.port, world["roster"], folder)
    with pytest.raises(LoginError):
        poll(settings)
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{tmp_path / "d"}"\n[mailbox]\nkind = "imap"\n'
                   f'host = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "plain"\nuser = "intake"\n'
                   f'password_env = "INTAKE_TEST_IMAP_PASSWORD"\nfolders = ["{folder}"]\n', encoding="utf-8")
    assert main(["run", "--once", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "拒绝了用户名或密码" in err and "Traceback" not in err


def test_reply_through_smtp_arrives_threaded(tmp_path, dovecot, folder, world, smtp_sink):
    name, raw = world["mails"][0]
    dovecot.append([raw], folder)
    settings = _settings(tmp_path, dovecot.port, world["roster"], folder,
                         smtp={"host": "127.0.0.1", "port": smtp_sink.port, "security": "plain"})
    stats = poll(settings)
    assert stats["replies"] == 1
    assert len(smtp_sink.messages) == 1
    got = email.message_from_bytes(smtp_sink.messages[0], policy=email.policy.default)
    original = email.message_from_bytes(raw, policy=email.policy.default)
    assert got["In-Reply-To"] == original["Message-ID"]
    assert original["Message-ID"] in got["References"]
    assert got["Subject"].startswith("Re: ")
    assert "尚缺的材料" in got.get_content()
    assert got["To"] == "weiming@ysht.gx.example"
    # never twice: another poll sends nothing
    poll(settings)
    assert len(smtp_sink.messages) == 1


@pytest.fixture(scope="module")
def dovecot_tls():
    from servers import Dovecot
    server = Dovecot(tls=True).start()
    yield server
    server.stop()


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_tls_and_starttls(tmp_path, dovecot_tls, world, monkeypatch, security):
    from servers import PASSWORD
    monkeypatch.setenv("INTAKE_TEST_IMAP_PASSWORD", PASSWORD)
    dovecot_tls.append([world["mails"][0][1]])
    port = dovecot_tls.tls_port if security == "tls" else dovecot_tls.port
    box = config.Mailbox(kind="imap", host="127.0.0.1", port=port, security=security, user="intake",
                         password_env="INTAKE_TEST_IMAP_PASSWORD", ca_file=str(dovecot_tls.cert))
    settings = config.Settings(mailbox=box, data_dir=tmp_path / "data", roster=str(world["roster"]))
    assert poll(settings)["read"] >= 1
    untrusted = config.Settings(mailbox=config.replace(box, ca_file=""), data_dir=tmp_path / "d2",
                                roster=str(world["roster"]))
    from intake_bot.base.errors import SourceError
    with pytest.raises(SourceError, match="Cannot connect|certificate"):
        poll(untrusted)                              # an unknown certificate is refused, not ignored


def test_reply_over_smtp_starttls(tmp_path, dovecot_tls, world):
    from servers import SmtpSink
    sink = SmtpSink(cert=dovecot_tls.cert, key=dovecot_tls.root / "key.pem").start()
    try:
        src = tmp_path / "eml"
        src.mkdir()
        name, raw = world["mails"][0]
        (src / name).write_bytes(raw)
        smtp = config.Smtp(host="127.0.0.1", port=sink.port, security="starttls", ca_file=str(dovecot_tls.cert))
        settings = config.Settings(mailbox=config.Mailbox(kind="folder", path=str(src)), smtp=smtp,
                                   data_dir=tmp_path / "data", roster=str(world["roster"]), reply_mode="smtp")
        assert poll(settings)["replies"] == 1
        assert len(sink.messages) == 1 and b"In-Reply-To: <s01-complete@ysht.gx.example>" in sink.messages[0]
    finally:
        sink.stop()


def test_connection_cut_mid_poll_loses_nothing_and_repeats_nothing(tmp_path, dovecot, folder, world):
    from servers import CuttingProxy
    from intake_bot.base.errors import SourceError
    raws = [raw for _name, raw in world["mails"][:4]]
    dovecot.append(raws, folder)
    proxy = CuttingProxy(dovecot.port, cut_at_fetch=6)     # two FETCHes a batch (the sizes, then the bodies):
    #                                                     the cut falls on the third mail's body
    try:
        settings = _settings(tmp_path, proxy.port, world["roster"], folder)
        settings = config.replace(settings, mailbox=config.replace(settings.mailbox, batch=1))
        with pytest.raises(SourceError, match="连接中断"):
            poll(settings)
        first = _export(settings.data_dir)["messages"]
        assert len(first) == 2                          # two fetched and committed before the cut
    finally:
        proxy.close()
    settings = config.replace(settings, mailbox=config.replace(settings.mailbox, port=dovecot.port))
    poll(settings)
    exported = _export(settings.data_dir)
    assert [m["source"].rsplit("/", 1)[-1] for m in exported["messages"]] == ["1", "2", "3", "4"]
    assert len(list((settings.data_dir / "outbox").glob("*.eml"))) == sum(m["replied"] for m in exported["messages"])


def test_drafts_mode_appends_replies_to_the_special_use_drafts_folder(tmp_path, dovecot, folder, world):
    dovecot.append([world["mails"][0][1]], folder=folder)
    settings = config.replace(_settings(tmp_path, dovecot.port, world["roster"], folder), reply_mode="drafts")
    assert poll(settings)["replies"] == 1
    client = dovecot.client()
    drafts = [name for flags, _d, name in client.list_folders() if b"\\Drafts" in flags]
    assert drafts == ["草稿箱"]                                   # found by its flag, not its name
    client.select_folder("草稿箱")
    uids = client.search(["HEADER", "In-Reply-To", "s01-complete@ysht.gx.example"])
    assert len(uids) == 1
    assert b"\\Draft" in client.get_flags(uids)[uids[0]]
    client.logout()
    assert not (tmp_path / "data" / "outbox").exists()
