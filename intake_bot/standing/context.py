"""What one run carries from stage to stage: settings, the store, the roster, the clock, the replier."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import entry_state
from ..settings.config import ReplyMode, Settings
from .decisions import Decisions
from ..store.state import State


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
    decisions: Decisions = field(default_factory=Decisions)   # what staff decided in the workbook
    entry_messages: dict = field(default_factory=dict)   # roster id → its messages, read on first use
    stats: dict = field(default_factory=lambda: {"read": 0, "new": 0, "failed": 0, "replies": 0})

    @property
    def campaign(self):
        return self.settings.campaign

    @property
    def roster_by_id(self) -> dict:
        return {e.id: e for e in self.roster}

    def entry_state(self, roster_id: str) -> entry_state.Standing | None:
        """One entry's standing, from its own messages and the mails staff assigned to it (a reply needs
        one entry, not the season), with what staff decided."""
        if roster_id not in self.roster_by_id:
            return None
        if roster_id not in self.entry_messages:
            mine = {m.row: m for m in self.state.messages_of(roster_id)}
            for source, rid in self.decisions.assigned.items():
                m = self.state.message_by_source(source) if rid == roster_id else None
                if m is not None:
                    mine[m.row] = m
            self.entry_messages[roster_id] = [mine[row] for row in sorted(mine)]
        return entry_state.entry_standing(self.campaign, roster_id, self.entry_messages[roster_id], self.decisions)

    def remember(self, message) -> None:
        """A message just committed joins its entry's messages (when they were read already)."""
        assigned = self.decisions.assigned.get(message.source)
        served = (assigned,) if assigned else (message.record.served() if message.record else ())
        for rid in served:                  # its own entry and the entries its documents name
            if rid in self.entry_messages:
                self.entry_messages[rid].append(message)
