"""The warm document converter (parsers/warm_office.py): one LibreOffice per worker, reused across files,
reading each file as the cold start does, killed with its worker, and the cold start when it cannot
start or refuses a file."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import parsers
from parsers import legacy, warm_office
from parsers.sniff import sniff

REAL = Path(__file__).parent / "fixtures" / "real-documents"
pytestmark = pytest.mark.skipif(not legacy.soffice(), reason="LibreOffice is not installed")


def _read(name: str) -> str:
    data = (REAL / name).read_bytes()
    content = parsers.parse(data, sniff(data, name), name)
    return content.text + "".join(str(t.rows) for t in content.tables)


@pytest.fixture()
def warm(monkeypatch):
    monkeypatch.setattr(warm_office, "_broken", False)
    monkeypatch.delenv("INTAKE_BOT_WARM_OFFICE", raising=False)
    parsers._load()
    yield warm_office
    warm_office.discard()
    warm_office.enable(False)


@pytest.mark.skipif(not warm_office.uno_python(), reason="no Python with LibreOffice's uno module")
def test_one_libreoffice_reads_several_files_as_the_cold_start_does(warm):
    names = ["word2.doc", "testEXCEL_4.xls", "test-fields.doc"]   # the last one it refuses: cold reads it
    warm.enable(False)
    cold = [_read(n) for n in names]
    warm.enable(True)
    first = _read(names[0])
    office = warm._office
    assert office is not None and office.alive
    assert [first] + [_read(n) for n in names[1:]] == cold
    if warm._office is office:                       # refusing a file may cost the office, never the reading
        assert office.conversions >= 2


def test_it_falls_back_to_the_cold_start_when_it_cannot_start(warm, monkeypatch, tmp_path):
    monkeypatch.setenv("INTAKE_BOT_UNO_PYTHON", "/bin/false")      # a bridge that exits at once
    monkeypatch.setattr(warm_office, "UNO_PYTHONS", ())
    warm.enable(False)
    cold = _read("word2.doc")
    warm.enable(True)
    assert _read("word2.doc") == cold
    assert warm._office is None and warm._broken
    assert _warm_processes() == []


def _gone(check) -> bool:
    for _ in range(100):
        if check():
            return True
        time.sleep(0.05)
    return check()


def _warm_processes() -> list[int]:
    out = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                line = Path(f"/proc/{entry.name}/cmdline").read_bytes()
            except OSError:
                continue
            if f"{warm_office.MARK}-".encode() in line and str(os.getpid()).encode() in line:
                out.append(int(entry.name))
    return out


@pytest.mark.skipif(not warm_office.uno_python(), reason="no Python with LibreOffice's uno module")
def test_the_warm_libreoffice_is_killed_with_its_worker(tmp_path):
    from intake_bot.campaign import DEFAULT_CAMPAIGN_FILE
    from intake_bot.mail.model import Document
    from intake_bot.reading.workers import WorkerPool, session_members, split_office
    pool = WorkerPool(size=1, campaign_file=str(DEFAULT_CAMPAIGN_FILE), use_ocr=False, tmp_root=tmp_path / "tmp")
    try:
        docs = [Document(name=n, data=(REAL / n).read_bytes(), kind=sniff((REAL / n).read_bytes(), n))
                for n in ("word2.doc", "word2.doc")]
        pool.examine_all(docs[:1])
        worker = pool._idle[0]
        _own, office = split_office(session_members(worker.process.pid))
        assert office                                # kept listening for the next file
        pool.examine_all(docs[1:])
        assert pool._idle[0] is worker and set(split_office(session_members(worker.process.pid))[1]) == set(office)
        assert docs[0].heading and (docs[0].cls, docs[0].heading) == (docs[1].cls, docs[1].heading)
    finally:
        pool.close()
    assert _gone(lambda: session_members(worker.process.pid) == [])     # killed; the last ones being reaped
    assert _gone(lambda: all(not Path(f"/proc/{pid}").exists() for pid in office))
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_warm_try_and_a_cold_start_after_it_share_one_time_budget(monkeypatch):
    """A warm conversion that used most of the budget leaves the cold start only what is left, and none
    left is a manual check: the file never outlasts LibreOffice's budget (the worker's clock is longer,
    so a slow honest file is not reported as damaged)."""
    import time

    import pytest

    from parsers import legacy
    from parsers.errors import NeedsManualCheck

    class SlowRefusal:                       # the warm office takes its time, then refuses the file
        def convert(self, src, out, target, seconds):
            time.sleep(1.2)
            return "refused"

    given = []
    monkeypatch.setattr(legacy, "TIMEOUT", 4)
    monkeypatch.setattr(legacy, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(legacy.warm_office, "office", lambda exe: SlowRefusal())
    monkeypatch.setattr(legacy, "_convert_cold", lambda exe, data, ext, target, seconds: given.append(seconds) or b"ok")
    assert legacy.convert(b"x", "doc", "docx") == b"ok"
    assert 1.5 < given[0] < 2.9
    monkeypatch.setattr(legacy, "TIMEOUT", 2)
    with pytest.raises(NeedsManualCheck):
        legacy.convert(b"x", "doc", "docx")
