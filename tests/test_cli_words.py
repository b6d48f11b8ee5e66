"""What the IT person and staff read from the command line is Chinese: help, argparse's own errors, a
TOML syntax error; a data directory keeps its campaign; after the deadline every output says 已逾期."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from intake_bot.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
NEXT_YEAR = ROOT / "config" / "campaigns" / "2025" / "campaign.toml"
THIS_YEAR = ROOT / "config" / "campaigns" / "2024" / "campaign.toml"
LITERAL = re.compile(r"--?[a-z][a-z-]*|\{[a-z,]+\}|intake-bot|campaign\.toml|config/campaigns/\*/|staff_address|"
                     r"\.eml|\.csv|\.xlsx|Maildir|IMAP|TOML|ISO|JSON|outbox|smtp|drafts|off|imap\.163\.com|true|false|" +
                     "|".join(re.escape(name) for name, *_ in COMMANDS))


def _english(text: str) -> list[str]:
    """English words a reader meets, the literal names to type aside (options, commands, file kinds)."""
    return re.findall(r"[A-Za-z]{3,}", LITERAL.sub("", text))


def _exits(argv, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out = capsys.readouterr()
    return stop.value.code, out.out + out.err


@pytest.mark.parametrize("argv", [["--help"], *[[name, "--help"] for name, *_ in COMMANDS]])
def test_help_is_chinese(argv, capsys):
    code, text = _exits(argv, capsys)
    assert code == 0 and text.startswith("用法：") and "选项" in text
    assert _english(text) == []


@pytest.mark.parametrize("argv, words", [
    (["bogus"], "无效的选择"),
    (["run", "--reply-mode", "mail"], "无效的选择"),
    (["export"], "缺少必需的参数"),
    (["preview", "--data-dir", "x"], "缺少必需的参数"),
    (["status", "--data-dir"], "需要一个值"),
    (["status", "--unknown"], "无法识别的参数"),
])
def test_argparse_errors_are_chinese(argv, words, capsys):
    code, text = _exits(argv, capsys)
    assert code == 2 and words in text and "错误" in text
    for word in argv:                                                 # what the user typed is echoed back
        text = text.replace(word, "")
    assert _english(text) == []


def test_a_toml_syntax_error_is_explained_in_chinese(tmp_path, capsys):
    config = tmp_path / "intake-bot.toml"
    config.write_text('roster = "roster.csv"\npoll_minutes = 5\ndata_dir = archive\n', encoding="utf-8")
    assert main(["check-config", "--config", str(config)]) == 2
    text = capsys.readouterr().out
    assert "第 3 行" in text and "data_dir = archive" in text and "双引号" in text
    assert _english(text.replace(str(config), "").replace("data_dir = archive", "")) == []


def _empty_run(tmp_path, data: Path, campaign: Path | None, now: str = "2025-02-20T09:00:00+08:00") -> int:
    from samples import next_year
    eml = tmp_path / "empty"
    eml.mkdir(exist_ok=True)
    roster = tmp_path / "roster.csv"
    if not roster.exists():
        next_year.write(tmp_path / "ny")
        roster.write_bytes((tmp_path / "ny" / "roster.csv").read_bytes())
    argv = ["run", "--once", "--source", str(eml), "--roster", str(roster), "--data-dir", str(data), "--now", now]
    return main(argv + (["--campaign", str(campaign)] if campaign else []))


def test_the_data_directory_keeps_its_campaign(tmp_path, capsys):
    data = tmp_path / "data"
    assert _empty_run(tmp_path, data, NEXT_YEAR) == 0
    capsys.readouterr()
    assert main(["status", "--data-dir", str(data)]) == 0
    assert "本次收集：2025年" in capsys.readouterr().out                 # without repeating --campaign
    out = tmp_path / "export.json"
    assert main(["export", "--data-dir", str(data), "--json", str(out)]) == 0
    import json
    assert "winners_list" in json.loads(out.read_text(encoding="utf-8"))["entries"][0]["missing"]
    assert main(["status", "--data-dir", str(data), "--campaign", str(THIS_YEAR)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "属于「2025年" in err[0] and "不能用于「2024年" in err[0]
    assert _empty_run(tmp_path, data, THIS_YEAR) == 2                   # nor a run
    assert _empty_run(tmp_path, data, None) == 0                        # the remembered one


def test_after_the_deadline_everything_says_overdue(tmp_path, world, capsys):
    data = tmp_path / "data"
    eml = tmp_path / "empty"
    eml.mkdir()
    assert main(["run", "--once", "--source", str(eml), "--roster", str(world["roster"]), "--data-dir", str(data),
                 "--now", "2025-02-28T09:00:00+08:00"]) == 0
    overview = openpyxl.load_workbook(data / "材料跟踪表.xlsx")["总览"]
    assert overview["B4"].value == "已逾期 3 天"
    today = openpyxl.load_workbook(data / "材料跟踪表.xlsx")["今日概要"]
    assert "已逾期 3 天" in today["A2"].value
    capsys.readouterr()
    assert main(["digest", "--data-dir", str(data), "--now", "2025-02-28T09:00:00+08:00"]) == 0
    text = capsys.readouterr().out
    assert "已逾期 3 天" in text and "还有 0 天" not in text
