"""The intake stages: one function lists them top to bottom; each stage is a plain function of
(run, mail) that fills in the mail. The campaign (run.campaign) says which materials there are, how
each is recognised and which form is read; nothing here names one year's collection. The first phase
(receiving.py) runs ahead of the mails before it; the second (deciding.py) in mail order."""
from __future__ import annotations

from .standing.context import Run
from .deciding import (  # noqa: F401  (the stages, listed below)
    assign_documents, check_against_roster, check_titles, collect_documents, commit, decide_kind, match_roster,
    read_body, read_pasted_form, reply, save_files, settle_unread)
from .mail.model import Mail
from .base.pipeline import Phase, phase, run_stages, stage
from .receiving import (  # noqa: F401  (the stages, listed below)
    POISON, archive_mail, extract_documents, find_duplicate, parse_mime, submit_documents, triage_headers)
from .sources import Incoming


def build_stages():
    return [
        stage(archive_mail),            # raw bytes to the archive, recorded before any parsing
        stage(parse_mime),              # headers, bodies, the parts that are files
        stage(find_duplicate),          # same Message-ID or same bytes as an earlier mail
        stage(triage_headers),          # bounces, auto-replies, spam: decided by headers
        stage(extract_documents),       # archives opened within limits, hostile files marked unsafe
        stage(submit_documents),        # to the worker pool: read (OCR for scans), classify by the campaign's
                                        # rules, read the form, check signatures; a hostile file costs only itself
        # ---- the next mails' documents are read while this mail goes on (the second phase) ----
        stage(collect_documents, starts_phase=True),     # wait for this mail's documents
        stage(read_pasted_form),        # the form pasted into the mail body (HTML)
        stage(read_body),               # "none" statements, large-attachment links
        stage(decide_kind),             # submission | misrouted | other
        stage(match_roster),            # which roster entry wrote
        stage(assign_documents),        # a document whose content names another entry of the unit is that entry's
        stage(check_against_roster),    # the form against the roster entry
        stage(check_titles),            # a summary or score sheet titled for another year or competition
        stage(commit, always=True),     # the outcome, committed; side effects only after this
        stage(save_files),              # readable files where staff can open them
        stage(reply),                   # the gap-list reply, once
    ]


def begin(run: Run, item: Incoming, stages) -> Mail:
    """Phase one of a mail: archived, parsed, its documents handed to the worker pool."""
    mail = Mail(source=item.source, raw=item.raw, locator=item.locator)
    if item.error:                      # the source cannot take it: no retry mends that, staff look at it
        mail.failed, mail.hopeless = item.error, True
    run.stats["read"] += 1
    run_stages(phase(stages, Phase.BEGIN), run, mail)
    run.in_flight.append(mail)
    return mail


def finish(run: Run, mail: Mail, stages) -> Mail:
    """Phase two: its documents collected, decided, committed, answered."""
    try:
        return run_stages(phase(stages, Phase.FINISH), run, mail)
    finally:
        run.in_flight.remove(mail)


def process(run: Run, item: Incoming, stages=None) -> Mail:
    """One mail through every stage (in order, nothing else in flight)."""
    stages = stages or build_stages()
    run.oldest_in_flight = True
    return finish(run, begin(run, item, stages), stages)
