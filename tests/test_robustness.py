"""Property and fuzz tests: random MIME trees with random names and encodings, and real sample
mails mutated byte by byte. The run never crashes; every failure is recorded on its item."""
from __future__ import annotations

import base64
import datetime as dt
import random
import unicodedata
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from intake_bot.outputs import answer
from intake_bot.settings import config
from intake_bot.standing import context
from intake_bot import intake
from intake_bot.campaign.roster import load_roster
from intake_bot.sources import Incoming
from intake_bot.store.state import State
from intake_bot.reading.workers import WorkerPool

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
NAME_CHARS = st.one_of(CJK, st.sampled_from(list("abcXYZ0123456789-_（）、 ")))
EXT = st.sampled_from(["docx", "pdf", "xlsx", "jpg", "zip", "doc", "txt", "exe"])
STYLE = st.sampled_from(["rfc2047-gb2312", "rfc2047-gbk", "rfc2047-utf-8", "rfc2047-big5", "rfc2231",
                         "raw-gbk", "raw-utf8", "ctype-name"])


@st.composite
def leaf(draw):
    stem = draw(st.text(NAME_CHARS, min_size=1, max_size=30)).strip() or "x"
    name = unicodedata.normalize("NFC", f"{stem}.{draw(EXT)}")
    style = draw(STYLE)
    payload = draw(st.binary(max_size=400))
    return ("leaf", name, style, payload)


def trees():
    return st.recursive(leaf(), lambda kids: st.tuples(
        st.sampled_from(["mixed", "alternative", "related", "rfc822"]), st.lists(kids, min_size=1, max_size=4)),
        max_leaves=8)


def _encodable(name: str, style: str) -> bool:
    charset = {"rfc2047-big5": "big5"}.get(style, "gb18030")
    try:
        name.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


def _param(name: str, style: str) -> tuple[bytes, bool]:
    """(Content-Disposition bytes, whether the name must come back exactly)."""
    if style.startswith("rfc2047"):
        cs = style.split("-", 1)[1]
        codec = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5"}.get(cs, "utf-8")
        if not _encodable(name, style) and codec != "utf-8":
            codec, cs = "utf-8", "utf-8"
        word = base64.b64encode(name.encode(codec)).decode()
        return f'attachment; filename="=?{cs}?B?{word}?="'.encode(), True
    if style == "rfc2231":
        return f"attachment; filename*=UTF-8''{urllib.parse.quote(name.encode())}".encode(), True
    if style == "raw-gbk":
        if not _encodable(name, style):
            return b'attachment; filename="' + name.encode("utf-8") + b'"', True
        return b'attachment; filename="' + name.encode("gb18030") + b'"', False   # GBK bytes may also be valid UTF-8
    if style == "raw-utf8":
        return b'attachment; filename="' + name.encode("utf-8") + b'"', True
    return b"attachment", True


def render_tree(tree, expected: list, depth: int = 0) -> bytes:
    if tree[0] == "leaf":
        _kind, name, style, payload = tree
        disposition, exact = _param(name, style)
        ctype = b"application/octet-stream"
        if style == "ctype-name":
            word = base64.b64encode(name.encode("utf-8")).decode()
            ctype += f'; name="=?utf-8?B?{word}?="'.encode()
        expected.append((name, exact))
        body = base64.encodebytes(payload)
        return (b"Content-Type: " + ctype + b"\r\nContent-Disposition: " + disposition +
                b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body.replace(b"\n", b"\r\n"))
    kind, kids = tree
    if kind == "rfc822":
        inner = render_tree(("mixed", kids), expected, depth + 1)
        return (b"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n"
                b"From: orig@unit.example\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n" + inner)
    boundary = f"b{depth}x{random.randrange(10**9)}".encode()
    out = b"Content-Type: multipart/" + kind.encode() + b'; boundary="' + boundary + b'"\r\n\r\n'
    for kid in kids:
        out += b"--" + boundary + b"\r\n" + render_tree(kid, expected, depth + 1) + b"\r\n"
    return out + b"--" + boundary + b"--\r\n"


@pytest.fixture(scope="module")
def run_ctx(tmp_path_factory, world):
    data = tmp_path_factory.mktemp("prop")
    settings = config.Settings(data_dir=data, limits=config.Limits(ocr=False))
    state = State(data / "state.sqlite3")
    roster = load_roster(world["roster"])
    state.store_roster(roster)
    run = context.Run(settings=settings, state=state, data_dir=data, roster=roster,
                     now=dt.datetime(2025, 2, 20, tzinfo=config.CHINA_TZ), reply_mode="outbox",
                     deliverer=answer.make_deliverer(settings, data, "outbox"),
                     pool=WorkerPool(size=2, campaign_file=str(settings.campaign.source_file), use_ocr=False,
                                     tmp_root=data / "tmp"))
    yield run
    run.pool.close()
    state.close()


counter = iter(range(10**9))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=trees())
def test_random_mime_trees(run_ctx, tree):
    expected: list = []
    body = render_tree(tree if tree[0] != "leaf" else ("mixed", [tree]), expected)
    raw = b"From: someone@unit.example\r\nSubject: test\r\nMIME-Version: 1.0\r\n" + body
    mail = intake.process(run_ctx, Incoming(source=f"prop-{next(counter)}", raw=raw))
    assert mail.failed is None, mail.failed
    names = [d.name for d in mail.documents]
    for name, exact in expected:
        if exact:
            assert any(n == name.strip() or n.endswith("/" + name.strip()) for n in names) or \
                any(d.cls == "unsafe" for d in mail.documents), (name, names)
    for d in mail.documents:
        assert d.cls, d.name
        if d.cls == "unsafe":
            assert d.reason


def _mutate(raw: bytes, rnd: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rnd.randint(1, 40)):
        op = rnd.random()
        pos = rnd.randrange(len(data)) if data else 0
        if op < 0.4 and data:
            data[pos] = rnd.randrange(256)
        elif op < 0.7:
            del data[pos:pos + rnd.randint(1, 200)]
        else:
            data[pos:pos] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 50)))
    return bytes(data)


def test_fuzz_mutated_real_mails(run_ctx, world):
    rnd = random.Random(20250225)
    outcomes = {"done": 0, "failed": 0}
    for i in range(120):
        _name, raw = world["mails"][i % len(world["mails"])]
        mail = intake.process(run_ctx, Incoming(source=f"fuzz-{i}", raw=_mutate(raw, rnd)))
        row = run_ctx.state.message_by_source(f"fuzz-{i}")
        assert row is not None and row.status in ("done", "failed", "quarantined")
        if row.status != "done":
            assert row.error, f"fuzz-{i} failed without a reason"
        outcomes["done" if row.status == "done" else "failed"] += 1
        for d in mail.documents:
            assert d.cls and (d.cls != "unsafe" or d.reason)
    assert outcomes["done"] > 0


def _every_sample_mail():
    from samples import variations, world
    peer = Path(__file__).parent / "fixtures" / "peer-mails"
    out = [raw for _n, raw in world.build()] + [raw for _n, raw in variations.build()]
    return out + [p.read_bytes() for p in sorted(peer.iterdir()) if p.name != "SOURCES.md"]


def test_large_parts_decoded_from_the_raw_bytes_read_the_same(monkeypatch):
    """parse_lean cuts large base64 bodies out before the stdlib parser sees them; with the size limit
    set to nothing, every sample and peer mail must give the same bodies and documents as before."""
    from intake_bot.mail import mime
    from intake_bot.mail.model import Mail as Unit
    monkeypatch.setattr(mime, "BIG_PART", 1)
    cut = 0
    for raw in _every_sample_mail():
        plain, lean = Unit(source="a", raw=raw), Unit(source="b", raw=raw)
        mime.fill_mail(plain, mime.parse_message(raw))
        msg, big = mime.parse_lean(raw)
        cut += len(big)
        mime.fill_mail(lean, msg, big)
        assert [(d.name, d.data, d.container) for d in lean.documents] == \
               [(d.name, d.data, d.container) for d in plain.documents]
        assert (lean.body_text, lean.body_html, lean.subject) == (plain.body_text, plain.body_html, plain.subject)
    assert cut > 50                     # the lean path was taken, not skipped
