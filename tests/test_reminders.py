"""Before the deadline: reminders on the campaign's days, once per entry per day across restarts;
`preview` shows what an entry would be told."""
from __future__ import annotations

import email
import email.policy

from intake_bot.cli import main


def _run(world, data, *args):
    return main([*args, "--roster", str(world["roster"]), "--data-dir", str(data), "--reply-mode", "outbox"])


def test_one_reminder_per_entry_with_gaps_on_a_reminder_day_and_none_again(world, tmp_path, capsys):
    data = tmp_path / "data"
    assert _run(world, data, "run", "--once", "--source", str(world["eml"]), "--now", "2025-02-20T09:00:00+08:00") == 0
    before = set((data / "outbox").glob("*.eml"))
    assert _run(world, data, "remind", "--now", "2025-02-22T09:00:00+08:00") == 0
    reminders = set((data / "outbox").glob("*.eml")) - before
    msgs = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in reminders]
    assert sorted(str(m["To"]) for m in msgs) == sorted(["huangli@gxyl.example.cn", "moq2024@163.example",
                                                         "liangjing@sfny.gx.example"])   # S01 is complete
    s03 = next(m for m in msgs if "moq2024" in str(m["To"]))
    body = s03.get_content()
    assert "基本情况表" in body and "2025年2月25日" in body and "莫强同志" in body
    assert _run(world, data, "remind", "--now", "2025-02-22T16:30:00+08:00") == 0          # the same day again
    assert _run(world, data, "remind", "--now", "2025-02-21T09:00:00+08:00") == 0          # not a reminder day
    assert set((data / "outbox").glob("*.eml")) - before == reminders
    out = capsys.readouterr().out
    assert "发出 3 封" in out and "发出 0 封" in out and "不是提醒日" in out


def test_entries_that_never_wrote_are_reminded(world, tmp_path):
    data = tmp_path / "data"
    assert _run(world, data, "remind", "--now", "2025-02-18T09:00:00+08:00") == 0          # seven days before
    assert len(list((data / "outbox").glob("reminder-*.eml"))) == 4


def test_preview_prints_what_an_entry_would_get(world, tmp_path, capsys):
    data = tmp_path / "data"
    assert _run(world, data, "run", "--once", "--source", str(world["eml"]), "--now", "2025-02-20T09:00:00+08:00") == 0
    capsys.readouterr()
    assert main(["preview", "S02", "--data-dir", str(data), "--now", "2025-02-21T09:00:00+08:00"]) == 0
    out = capsys.readouterr().out
    assert "huangli@gxyl.example.cn" in out and "决赛原始成绩单" in out and "写 25，各工种相加为 20" in out
    assert main(["preview", "S99", "--data-dir", str(data)]) == 2


def test_the_daily_digest_says_what_changed_since_the_last_one(world, tmp_path, capsys):
    data = tmp_path / "data"
    assert _run(world, data, "run", "--once", "--source", str(world["eml"]), "--now", "2025-02-20T09:00:00+08:00") == 0
    assert main(["digest", "--data-dir", str(data), "--now", "2025-02-21T08:00:00+08:00"]) == 0
    first = (data / "digest" / "简报-2025-02-21.txt").read_text(encoding="utf-8")
    assert "新来信 9 封" in first and "S01" in first and "写 25，各工种相加为 20" in first and "等待人工处理" in first
    assert main(["digest", "--data-dir", str(data), "--now", "2025-02-22T08:00:00+08:00"]) == 0
    second = (data / "digest" / "简报-2025-02-22.txt").read_text(encoding="utf-8")
    assert "新来信 0 封" in second and "新发现的问题 0 个" in second and "新近材料齐全的竞赛 0 项" in second
