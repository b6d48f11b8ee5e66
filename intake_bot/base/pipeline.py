"""The pipeline engine: knows nothing of mail or of the campaign.

A unit of work flows through a list of stages, plain functions `stage(context, unit)`. A stage that
raises marks the unit failed with the stage's name and the reason; later stages skip a failed unit,
except those marked `always` (they record what happened, whatever happened).

The stages fall in two phases: the stage declared `starts_phase` opens the second. A run begins
several units ahead (their first phase: slow work handed to others, such as workers) while the oldest
one finishes (its second phase), strictly in order: the look-ahead window (`look_ahead`).
"""
from __future__ import annotations

import logging
import traceback
from collections import deque
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Iterable, Protocol, Sequence

log = logging.getLogger(__name__)


class Unit(Protocol):
    failed: str | None            # why the unit failed; later stages skip it
    finished: bool                # nothing more to do (decided early); later stages skip it


class Abort(Exception):
    """Raised by a stage when the whole run must stop (not just this unit): passed through, never
    recorded as the unit's failure, so the unit is taken up again by a later run."""


class Phase(Enum):
    BEGIN = 1                     # started as soon as the unit arrives (ahead of older units finishing)
    FINISH = 2                    # in unit order, once the older units have finished


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Any, Any], None]
    always: bool = False
    starts_phase: bool = False    # the first stage of the FINISH phase


def stage(func: Callable, *, always: bool = False, starts_phase: bool = False) -> Stage:
    return Stage(func.__name__, func, always, starts_phase)


def phase(stages: Sequence[Stage], which: Phase) -> list[Stage]:
    """The stages of one phase: those before the stage that starts the second, or from it on (all of
    them begin a unit when none is declared)."""
    split = next((i for i, st in enumerate(stages) if st.starts_phase), len(stages))
    return list(stages[:split] if which is Phase.BEGIN else stages[split:])


def run_stages(stages: Iterable[Stage], context: Any, unit: Unit) -> Unit:
    for st in stages:
        if (unit.failed or unit.finished) and not st.always:
            continue
        try:
            st.func(context, unit)
        except Abort:
            raise
        except Exception as exc:  # contained per unit: the run goes on
            reason = f"{st.name}: {type(exc).__name__}: {exc}"
            log.warning("%s 在「%s」步骤出错：%s", getattr(unit, "source", unit), st.name, f"{type(exc).__name__}: {exc}")
            log.debug("%s", traceback.format_exc())
            if st.always:
                raise
            unit.failed = reason
    return unit


def look_ahead(items: Iterable, begin: Callable[[Any, bool], Any], finish: Callable[[Any, Any, Any], None],
               width: int, weight: Callable[[Any], int] | None = None, max_weight: int | None = None,
               stop: Callable[[], bool] | None = None) -> None:
    """Items in order: each begun as it comes (begin(item, oldest) → unit; oldest: nothing older is
    unfinished), the oldest finished (finish(item, unit, next unit or None)) once `width` units are
    begun, or sooner while the units held weigh more than `max_weight` (one always goes on). stop():
    asked after each item; when it says so no further item is begun, and those begun are finished."""
    window: deque = deque()

    def finish_oldest() -> None:
        item, unit = window.popleft()
        finish(item, unit, window[0][1] if window else None)

    def heavy() -> bool:
        return max_weight is not None and len(window) > 1 and sum(weight(u) for _i, u in window) > max_weight

    for item in items:
        unit = begin(item, not window)
        window.append((item, unit))
        while window and (len(window) >= width or heavy()):
            finish_oldest()
        if stop is not None and stop():
            break
    while window:
        finish_oldest()
