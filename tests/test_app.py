"""The application object and what it stands on: the engine's look-ahead window and phases (no mail in
them), the store's typed meta keys, reminders on the reply state machine, the pool an Intake owns."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

import pytest

from intake_bot.base.pipeline import Phase, look_ahead, phase, run_stages, stage


@dataclass
class Unit:
    name: str
    size: int = 0
    failed: str | None = None
    finished: bool = False


def _trace(items, width, max_weight=None, stop_after=None):
    said = []

    def begin(item, oldest):
        said.append(("begin", item.name, oldest))
        return item

    def finish(item, unit, following):
        said.append(("finish", unit.name, following.name if following else None))

    def stop():
        return stop_after is not None and said[-1][1] == stop_after

    look_ahead(items, begin, finish, width, weight=lambda u: u.size, max_weight=max_weight, stop=stop)
    return said


def test_the_window_begins_ahead_and_finishes_in_order():
    said = _trace([Unit(n) for n in "abcd"], width=3)
    assert said == [("begin", "a", True), ("begin", "b", False), ("begin", "c", False),
                    ("finish", "a", "b"), ("begin", "d", False), ("finish", "b", "c"),
                    ("finish", "c", "d"), ("finish", "d", None)]


def test_a_window_of_one_is_one_unit_at_a_time():
    said = _trace([Unit(n) for n in "ab"], width=1)
    assert said == [("begin", "a", True), ("finish", "a", None), ("begin", "b", True), ("finish", "b", None)]


def test_heavy_units_shrink_the_window_but_one_always_goes_on():
    said = _trace([Unit("a", 60), Unit("b", 60), Unit("c", 10)], width=9, max_weight=100)
    assert said[:3] == [("begin", "a", True), ("begin", "b", False), ("finish", "a", "b")]
    assert [s for s in said if s[0] == "finish"] == [("finish", "a", "b"), ("finish", "b", "c"), ("finish", "c", None)]


def test_a_stop_begins_nothing_more_and_finishes_what_was_begun():
    said = _trace([Unit(n) for n in "abcd"], width=3, stop_after="b")
    assert [s[1] for s in said if s[0] == "begin"] == ["a", "b"]
    assert [s[1] for s in said if s[0] == "finish"] == ["a", "b"]


def test_the_phase_split_is_declared_on_the_stage():
    def one(ctx, unit):
        ctx.append("one")

    def two(ctx, unit):
        ctx.append("two")

    def three(ctx, unit):
        raise ValueError("bad")

    def record(ctx, unit):
        ctx.append(f"record {unit.failed}")

    stages = [stage(one), stage(two, starts_phase=True), stage(three), stage(record, always=True)]
    assert [s.name for s in phase(stages, Phase.BEGIN)] == ["one"]
    assert [s.name for s in phase(stages, Phase.FINISH)] == ["two", "three", "record"]
    assert [s.name for s in phase(stages[:1], Phase.BEGIN)] == ["one"] and phase(stages[:1], Phase.FINISH) == []
    said: list = []
    run_stages(phase(stages, Phase.FINISH), said, Unit("u"))
    assert said == ["two", "record three: ValueError: bad"]


def test_the_intake_declares_its_second_phase_at_collecting_documents():
    from intake_bot.intake import build_stages
    assert [s.name for s in build_stages() if s.starts_phase] == ["collect_documents"]
    assert phase(build_stages(), Phase.BEGIN)[-1].name == "submit_documents"


def test_meta_keys_are_typed_and_stored_as_before(tmp_path):
    from intake_bot.store.state import State
    from intake_bot.store.state_meta import LastPoll, Meta, Note
    at = dt.datetime(2025, 2, 20, 1, 2, 3, tzinfo=dt.timezone.utc)
    with State.in_dir(tmp_path) as state:
        assert state.meta.workbook_due is False and state.meta.workbook_at is None and state.meta.in_hand is None
        state.meta.workbook_at = at
        state.meta.workbook_due = True
        state.meta.in_hand = 7
        state.meta.last_poll = LastPoll(at=at, read=3, new=2, failed=1, replies=2)
        state.meta.workbook_note = Note(at, "材料跟踪表正被打开")
        with pytest.raises(KeyError):
            state.meta.set_raw("not_declared", 1)
    with State.in_dir(tmp_path) as state:
        assert state.meta.workbook_at == at and isinstance(state.meta.in_hand, int)
        assert state.meta.last_poll.at == at and state.meta.last_poll.replies == 2
        assert state.meta.workbook_note == Note(at, "材料跟踪表正被打开")
        state.meta.in_hand = None
        assert state.meta.in_hand is None
    db = sqlite3.connect(tmp_path / "state.sqlite3")          # the JSON an earlier version wrote and reads
    stored = dict(db.execute("SELECT key, value FROM meta").fetchall())
    db.close()
    assert json.loads(stored["workbook_at"]) == "2025-02-20T01:02:03+00:00"
    assert json.loads(stored["last_poll"]) == {"at": "2025-02-20T01:02:03+00:00", "read": 3, "new": 2, "failed": 1,
                                               "replies": 2}
    assert {"record_version", "roster_digest", "campaign", "workbook_written", "staff_read", "staff_cells",
            "staff_decisions", "digest_last", "reread_unfinished", "login_refused"} <= set(Meta.keys())


def test_reminders_use_the_reply_state_machine_and_read_what_earlier_versions_stored(tmp_path):
    from intake_bot.store.records import ReplyStatus
    from intake_bot.store.state import State
    with State.in_dir(tmp_path) as state:
        state.db.execute("INSERT INTO reminders VALUES ('R1', 'D-3@2025-02-22', 'written', '')")   # an old row
        assert state.reminder_status("R1", "D-3@2025-02-22") is ReplyStatus.WRITTEN
        assert state.reminder_status("R1", "D-1@2025-02-24") is None
        state.set_reminder("R2", "D-3@2025-02-22", ReplyStatus.PENDING)
        assert state.reminder_status("R2", "D-3@2025-02-22") is ReplyStatus.PENDING
        raw = state.db.execute("SELECT status FROM reminders WHERE roster_id='R2'").fetchone()[0]
        assert raw == "pending"


def test_an_intake_keeps_its_worker_pool_between_jobs_and_closes_it(tmp_path):
    from intake_bot import app as application
    from intake_bot.settings.config import Settings
    intake = application.Intake(Settings(data_dir=tmp_path / "data"))
    pool = intake.pool
    assert intake.pool is pool and id(pool) in application._POOLS
    intake.close()
    assert id(pool) not in application._POOLS and intake.pool is not pool
    intake.close()


def test_every_meta_key_is_read_through_its_typed_accessor():
    """No module reads or writes the meta table by a bare string key (state_meta declares them all)."""
    import re
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "intake_bot"
    bare = re.compile(r"\.meta\(|set_meta\(|\.raw\(\"|set_raw\(\"|INTO meta")
    found = [f"{p.name}: {line.strip()}" for p in root.rglob("*.py") if p.name != "state_meta.py"
             for line in p.read_text(encoding="utf-8").splitlines() if bare.search(line)]
    assert found == []
