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
    oldest_in_flight: bool = True       # the mail being started is the oldest unfinished one (blamed on a crash)
    careful: bool = False               # after an unclean stop: one mail at a time, so blame is exact
    in_flight: list = field(default_factory=list)   # mails begun, not yet finished (in mail order)
    states: dict | None = None          # entry states, folded from the state on first use
    stats: dict = field(default_factory=lambda: {"read": 0, "new": 0, "failed": 0, "replies": 0})

    @property
    def campaign(self):
        return self.settings.campaign

    @property
    def roster_by_id(self) -> dict:
        return {e.id: e for e in self.roster}

    def entry_state(self, roster_id: str):
        """One entry's state, folded from its own messages only (a reply needs one entry, not the season)."""
        if self.states is None:
            self.states = {}
        if roster_id not in self.states:
            if roster_id not in self.roster_by_id:
                return None
            self.states.update(entries.fold(self.campaign, [roster_id], self.state.messages_of(roster_id)))
        return self.states[roster_id]
