from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    """The sample mailbox and roster, built by the project's own generator."""
    from samples import world as w
    out = tmp_path_factory.mktemp("world")
    eml = w.write(out)
    return {"eml": eml, "roster": out / "roster.csv", "mails": w.build(), "expect": w.EXPECT}


@pytest.fixture(scope="session")
def dovecot():
    from servers import Dovecot
    server = Dovecot().start()
    yield server
    server.stop()


@pytest.fixture()
def own_dovecot():
    """A real Dovecot of the test's own, for tests that change its users file, restart it or narrow its
    capabilities: own_dovecot(extra=CONFIG_LINES) starts one; each is stopped after the test."""
    from servers import Dovecot
    started = []

    def start(extra: str = "") -> Dovecot:
        server = Dovecot(extra=extra).start()
        started.append(server)
        return server
    yield start
    for server in started:
        server.stop()


@pytest.fixture()
def smtp_sink():
    from servers import SmtpSink
    sink = SmtpSink().start()
    yield sink
    sink.stop()
