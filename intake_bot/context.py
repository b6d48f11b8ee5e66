"""What one run carries from stage to stage: settings, the store, the roster, the clock, the replier."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import entries
from .config import ReplyMode, Settings
from .state import State


@dataclass
class Run:
    settings: Settings
    state: State
    data_dir: Path
    roster: list
    now: dt.datetime
    reply_mode: ReplyMode
    deliverer: object = None
    pool: object = None                 # workers.WorkerPool: documents are examined there
    unsynced: set = field(default_factory=set)   # archive folders whose renames are synced at the poll's end
    states: dict | None = None          # entry states, folded from the state on first use
    stats: dict = field(default_factory=lambda: {"read": 0, "new": 0, "failed": 0, "replies": 0})

    @property
    def campaign(self):
        return self.settings.campaign

    @property
    def roster_by_id(self) -> dict:
        return {e.id: e for e in self.roster}

    def entry_states(self) -> dict:
        if self.states is None:
            self.states = entries.fold(self.campaign, [e.id for e in self.roster], self.state.messages())
        return self.states
