"""The pipeline engine: knows nothing of mail or of the campaign.

A unit of work flows through a list of stages, plain functions `stage(context, unit)`. A stage that
raises marks the unit failed with the stage's name and the reason; later stages skip a failed unit,
except those marked `always` (they record what happened, whatever happened).
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Protocol

log = logging.getLogger(__name__)


class Unit(Protocol):
    failed: str | None            # why the unit failed; later stages skip it
    finished: bool                # nothing more to do (decided early); later stages skip it


class Abort(Exception):
    """Raised by a stage when the whole run must stop (not just this unit): passed through, never
    recorded as the unit's failure, so the unit is taken up again by a later run."""


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Any, Any], None]
    always: bool = False


def stage(func: Callable, *, always: bool = False) -> Stage:
    return Stage(func.__name__, func, always)


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
