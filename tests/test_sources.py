"""Sources as plug-ins: the Maildir kind (a module of sources/ and nothing else) runs `run --once` end to
end with its own cursor; a kind added as one module in a copy of the package runs too, with no other
edit; a data directory from before locators and opaque cursors (the older-reader fixture, and an IMAP
one against a real Dovecot) is migrated and reads no mail twice."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from intake_bot.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "older-reader"


def _run(cfg: Path, capsys) -> str:
    assert main(["run", "--once", "--config", str(cfg)]) == 0
    return capsys.readouterr().out


def _deliver(maildir: Path, name: str, raw: bytes, mtime: float, sub: str = "new") -> Path:
    path = maildir / sub / name
    path.write_bytes(raw)
    os.utime(path, (mtime, mtime))
    return path


def _cursor(data: Path, key: str) -> str | None:
    with sqlite3.connect(data / "state.sqlite3") as db:
        row = db.execute("SELECT cursor FROM source_cursors WHERE source=?", (key,)).fetchone()
    return row[0] if row else None


def test_a_maildir_mailbox_is_read_once_and_its_cursor_moves(tmp_path, world, capsys):
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    mails = world["mails"][:3]
    base = 1_760_000_000
    for i, (name, raw) in enumerate(mails):
        _deliver(maildir, f"{base + i}.M{i}P1.host", raw, base + i * 10)
    (maildir / "tmp" / "half-written").write_bytes(world["mails"][3][1])      # still being delivered
    data = tmp_path / "data"
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{data}"\nworkers = 1\n[mailbox]\nkind = "maildir"\n'
                   f'path = "{maildir}"\n[limits]\nocr = false\n', encoding="utf-8")
    assert "读取 3 封：新邮件 3 封" in _run(cfg, capsys)
    cursor = json.loads(_cursor(data, "maildir"))
    assert cursor["newest"] == (base + 20) * 10**9 and len(cursor["names"]) == 3
    assert "读取 0 封" in _run(cfg, capsys)                          # nothing read again

    read = maildir / "new" / f"{base}.M0P1.host"                 # a mail reader marks one seen: new/ → cur/
    read.rename(maildir / "cur" / f"{base}.M0P1.host:2,S")
    _deliver(maildir, f"{base + 99}.M9P1.host", world["mails"][4][1], base + 40)
    _deliver(maildir, f"{base + 98}.M8P1.host", world["mails"][5][1], base + 15)   # written slowly: an older time
    assert "读取 2 封：新邮件 2 封" in _run(cfg, capsys)
    assert json.loads(_cursor(data, "maildir"))["newest"] == (base + 40) * 10**9
    assert "读取 0 封" in _run(cfg, capsys)
    _deliver(maildir, f"{base + 97}.M7P1.host", world["mails"][6][1], base - 3600)   # copied in keeping its old time
    assert "读取 1 封：新邮件 1 封" in _run(cfg, capsys)                  # far behind the cursor, still read once
    assert "读取 0 封" in _run(cfg, capsys)
    with sqlite3.connect(data / "state.sqlite3") as db:
        rows = dict(db.execute("SELECT source, locator FROM messages"))
    assert len(rows) == 6 and all(loc.startswith("maildir:") for loc in rows.values())
    assert f"{base}.M0P1.host" in rows                                 # the key leaves the flags out

    assert main(["check-config", "--config", str(cfg)]) in (0, 2)
    assert f"✓ Maildir 邮件文件夹 {maildir}可以读取" in capsys.readouterr().out


def test_a_maildir_without_a_path_is_one_sentence(tmp_path, capsys):
    cfg = tmp_path / "bot.toml"
    cfg.write_text('[mailbox]\nkind = "maildir"\n', encoding="utf-8")
    assert main(["check-config", "--config", str(cfg)]) == 2
    assert "需要填写 path" in capsys.readouterr().out


SPOOL = '''
"""A test kind: *.eml files of a directory in name order, the last name committed as the cursor."""
from pathlib import Path

from . import Incoming, Kind, plain


class SpoolSource:
    def __init__(self, path, store):
        self.path, self.store = Path(path), store

    def __iter__(self):
        last = self.store.cursor("spool") or ""
        for p in sorted(self.path.glob("*.eml")):
            if p.name > last:
                yield Incoming(source="spool/" + p.name, raw=p.read_bytes(), locator="spool:" + p.name)

    def committed(self, item):
        self.store.set_cursor("spool", item.locator.split(":", 1)[1])

    def close(self):
        pass


KIND = Kind(name="spool", poll=lambda settings, store: plain(SpoolSource(settings.mailbox.path, store)),
            check=lambda settings: [(True, "spool ok")],
            validate=lambda box: None if box.path else "spool needs a path")
'''


def test_a_kind_added_as_one_module_runs_with_no_other_edit(tmp_path, world):
    """A copy of the package with one module more in sources/: the setting accepts the kind, check-config
    says its line, and `run --once` reads through it and keeps its cursor."""
    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "intake_bot", proj / "intake_bot", ignore=shutil.ignore_patterns("__pycache__"))
    for linked in ("parsers", "config"):
        (proj / linked).symlink_to(ROOT / linked)
    (proj / "intake_bot" / "sources" / "spool.py").write_text(textwrap.dedent(SPOOL), encoding="utf-8")
    spool = tmp_path / "spool"
    spool.mkdir()
    for name, raw in world["mails"][:2]:
        (spool / name).write_bytes(raw)
    data = tmp_path / "data"
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{data}"\nworkers = 1\n[mailbox]\nkind = "spool"\n'
                   f'path = "{spool}"\n[limits]\nocr = false\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(proj)}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "intake_bot.cli", *args, "--config", str(cfg)], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=300)
    assert "✓ spool ok" in cli("check-config").stdout
    first = cli("run", "--once")
    assert first.returncode == 0, first.stderr
    assert "读取 2 封：新邮件 2 封" in first.stdout
    assert _cursor(data, "spool") == world["mails"][1][0]
    assert "读取 0 封" in cli("run", "--once").stdout


def test_an_older_data_directory_is_migrated_and_no_mail_is_read_twice(tmp_path, capsys):
    data = tmp_path / "older" / "data"
    shutil.copytree(FIXTURE, tmp_path / "older")
    with sqlite3.connect(data / "state.sqlite3") as db:
        assert "folder" in {r[1] for r in db.execute("PRAGMA table_info(messages)")}      # the older layout
        stored = dict(db.execute("SELECT source, archive_path FROM messages"))
    eml = tmp_path / "eml"                                           # the same mails, under the same names
    eml.mkdir()
    for source, archived in stored.items():
        (eml / source).write_bytes((data / "archive" / archived.split("/archive/", 1)[1]).read_bytes())
    outbox = sorted(p.name for p in (data / "outbox").glob("*.eml"))
    assert main(["run", "--once", "--source", str(eml), "--roster", str(tmp_path / "older" / "roster.csv"),
                 "--data-dir", str(data), "--now", "2025-02-21T09:00:00+08:00"]) == 0
    assert "读取 0 封：新邮件 0 封" in capsys.readouterr().out
    assert sorted(p.name for p in (data / "outbox").glob("*.eml")) == outbox          # nobody mailed again
    with sqlite3.connect(data / "state.sqlite3") as db:
        columns = {r[1] for r in db.execute("PRAGMA table_info(messages)")}
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert dict(db.execute("SELECT source, archive_path FROM messages")) == stored
    assert "locator" in columns and not {"folder", "uidvalidity", "uid"} & columns
    assert "source_cursors" in tables and "cursors" not in tables
    with sqlite3.connect(data / "state.sqlite3.before-locators") as db:    # the way back to the earlier release
        assert "folder" in {r[1] for r in db.execute("PRAGMA table_info(messages)")}
        assert dict(db.execute("SELECT source, archive_path FROM messages")) == stored


def _as_before_locators(path: Path) -> None:
    """Rewrite a state database in the layout before locators: IMAP's columns and its cursor table."""
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE messages ADD COLUMN folder TEXT")
        db.execute("ALTER TABLE messages ADD COLUMN uidvalidity INTEGER")
        db.execute("ALTER TABLE messages ADD COLUMN uid INTEGER")
        for row, locator in db.execute("SELECT id, locator FROM messages").fetchall():
            _kind, validity, uid, folder = locator.split(":", 3)
            db.execute("UPDATE messages SET folder=?, uidvalidity=?, uid=? WHERE id=?", (folder, validity, uid, row))
        db.execute("ALTER TABLE messages DROP COLUMN locator")
        db.execute("CREATE TABLE cursors (folder TEXT PRIMARY KEY, uidvalidity INTEGER NOT NULL,"
                   " last_uid INTEGER NOT NULL)")
        for key, text in db.execute("SELECT source, cursor FROM source_cursors").fetchall():
            validity, last = text.split(":")
            db.execute("INSERT INTO cursors VALUES (?,?,?)", (key.split(":", 1)[1], int(validity), int(last)))
        db.execute("DROP TABLE source_cursors")


@pytest.mark.integration
def test_an_imap_data_directory_from_before_locators_goes_on_where_it_was(tmp_path, dovecot, world, monkeypatch):
    from servers import PASSWORD

    from intake_bot.settings import config
    from intake_bot.app import Intake
    from intake_bot.sources.imap import locator
    monkeypatch.setenv("INTAKE_MIGRATE_PW", PASSWORD)
    folder = "M" + uuid.uuid4().hex[:8]
    c = dovecot.client()
    c.create_folder(folder)
    c.logout()
    dovecot.append([raw for _n, raw in world["mails"][:2]], folder)
    box = config.Mailbox(kind="imap", host="127.0.0.1", port=dovecot.port, security="plain", user="intake",
                         password_env="INTAKE_MIGRATE_PW", folders=(folder,))
    settings = config.Settings(mailbox=box, data_dir=tmp_path / "data", roster=str(world["roster"]), workers=1)

    def poll_once(settings):
        with Intake(settings) as app:
            return app.poll()
    assert poll_once(settings)["read"] == 2
    state_file = settings.data_dir / "state.sqlite3"
    with sqlite3.connect(state_file) as db:
        before = dict(db.execute("SELECT source, locator FROM messages"))
    _as_before_locators(state_file)
    assert poll_once(settings)["read"] == 0                   # the migrated cursor: nothing listed again
    with sqlite3.connect(state_file) as db:
        assert dict(db.execute("SELECT source, locator FROM messages")) == before
    for source, where in before.items():                      # the migration writes what the kind makes
        f, validity, uid = source.rsplit("/", 2)
        assert where == locator(f, int(validity), int(uid))
    dovecot.append([world["mails"][2][1]], folder)
    assert poll_once(settings)["new"] == 1
