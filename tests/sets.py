"""A variation set of samples/ read through the whole pipeline (folder source, outbox, export), as the
wave tests read it: (data directory, each message of the export by its slug, the export)."""
from __future__ import annotations

import json

from intake_bot.cli import main
from samples import world

NOW = "2025-02-20T09:00:00+08:00"


def read_set(tmp_path_factory, module, now: str = NOW) -> tuple:
    out = tmp_path_factory.mktemp(module.__name__.rsplit(".", 1)[-1])
    eml = world.write(out, module.build(), module.ROSTER)
    data = out / "data"
    assert main(["run", "--once", "--source", str(eml), "--roster", str(out / "roster.csv"), "--data-dir", str(data),
                 "--reply-mode", "outbox", "--now", now]) == 0
    assert main(["export", "--data-dir", str(data), "--json", str(out / "export.json")]) == 0
    doc = json.loads((out / "export.json").read_text(encoding="utf-8"))
    return data, {m["source"][4:-4]: m for m in doc["messages"]}, doc
