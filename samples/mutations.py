"""Mutated mail at volume: the sample world's mails, the variation set's and the peer projects' test
mails (tests/fixtures/peer-mails/), damaged the ways transport, broken clients and attackers damage
mail. Deterministic for a seed: `mutated(seed, n)` yields the same n mails on every machine.

| kind | what it does |
|---|---|
| flip | a few bytes replaced by random ones, anywhere (headers, boundaries, base64) |
| truncate | the mail cut at a random point (a transfer that stopped) |
| splice | a run of bytes deleted, or random bytes inserted |
| header | header lines dropped, doubled, folded wrong, garbled; encoded words and charsets broken |
| boundary | a boundary changed in its header or on a delimiter line, the closing one removed, one doubled |
| shuffle | the parts of a multipart reordered, dropped, doubled |
| nest | a part (or the whole mail) wrapped in a multipart or a forwarded message, levels deep |
| mix | two mails' parts put together under one header |

A mutation is one to three kinds in turn. Bases are weighted: mails whose attachments need
LibreOffice (.doc .wps .xls .et .rtf .ppt) are slow to read (seconds each), so they are a small share
(`slow_share`); the rest are peer mails, text-only mails and mails with modern attachments.
"""
from __future__ import annotations

import email
import email.policy
import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
PEER = FIXTURES / "peer-mails"
REAL = FIXTURES / "real-documents"
SLOW_EXT = re.compile(rb"\.(doc|wps|xls|et|rtf|ppt|dps|odt|ods)\b", re.I)
BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^";\r\n]+)"?', re.I)
KINDS = ("flip", "truncate", "splice", "header", "boundary", "shuffle", "nest", "mix")


@dataclass(frozen=True)
class Base:
    name: str
    raw: bytes
    slow: bool                         # an attachment LibreOffice must convert


def bases(include_samples: bool = True) -> list[Base]:
    """The mails mutations start from: peer mails, and the sample world and variation set."""
    out = [Base(p.name, p.read_bytes(), False) for p in sorted(PEER.iterdir())
           if p.is_file() and p.name not in ("SOURCES.md",) and not p.name.endswith((".md", ".txt"))]
    if include_samples:
        from . import variations, world
        for name, raw in world.build() + variations.build():
            out.append(Base(name, raw, needs_office(raw)))
    out += [Base(f"text-{i}", raw, False) for i, raw in enumerate(text_mails())]
    out += [Base(f"office-{name}", raw, True) for name, raw in office_mails()]
    return out


def office_mails() -> list[tuple[str, bytes]]:
    """The real legacy Office files of tests/fixtures/real-documents (apache/poi) as attachments."""
    from .mails import Attachment, Mail, render
    out = []
    for name in ("test-fields.doc", "word2.doc", "testEXCEL_3.xls", "testEXCEL_4.xls"):
        path = REAL / name
        if path.exists():
            out.append((name, render(Mail("weiming@ysht.gx.example", "韦明", "竞赛材料", "请查收附件。",
                                          [Attachment(f"竞赛材料-{name}", path.read_bytes())],
                                          message_id=f"<office-{name}@fuzz.example>"))))
    return out


def _payloads(data: bytes, depth: int = 0):
    yield data
    if depth < 3 and data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for info in z.infolist()[:50]:
                    yield from _payloads(z.read(info), depth + 1)
        except Exception:
            return


def needs_office(raw: bytes) -> bool:
    """Whether a mail carries a file LibreOffice converts (OLE2 Office/WPS, RTF, OpenDocument), or a
    workbook whose formulas LibreOffice computes: those take seconds each to read."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    for part in msg.walk():
        if part.is_multipart():
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:
            continue
        for blob in _payloads(data):
            if blob[:4] == b"\xd0\xcf\x11\xe0" or blob[:5] == b"{\\rtf" or b"opendocument" in blob[:100] \
                    or (blob[:2] == b"PK" and b"<f>" in blob):
                return True
            if SLOW_EXT.search((part.get_filename() or "").encode("utf-8", "replace")):
                return True
    return False


def text_mails() -> list[bytes]:
    """Text-only mails of the season: a statement in the body, a question, a notice in GBK, HTML."""
    bodies = [
        ("weiming@ysht.gx.example", "韦明", "情况说明", "我单位2024年未自行开展其它职业技能竞赛。", "utf-8", "plain"),
        ("huangli@gxyl.example.cn", "黄丽", "请问材料报送截止时间", "您好，请问总结材料何时截止报送？", "gb18030", "plain"),
        ("moq2024@163.example", "莫强", "回复：材料补报", "<p>您好！<br>本协会<b>未组织</b>其他职业技能竞赛。</p>", "utf-8", "html"),
        ("stranger@unit.example", "某人", "会议通知", "请于周五下午参加会议。", "gb2312", "plain"),
    ]
    out = []
    for addr, name, subject, body, charset, sub in bodies:
        import base64
        enc = base64.b64encode(body.encode(charset)).decode()
        subj = base64.b64encode(subject.encode("utf-8")).decode()
        who = base64.b64encode(name.encode("utf-8")).decode()
        out.append((f"From: =?utf-8?B?{who}?= <{addr}>\r\nTo: jdzx@jdzx.gx.example\r\n"
                    f"Subject: =?utf-8?B?{subj}?=\r\nDate: Mon, 10 Feb 2025 09:00:00 +0800\r\n"
                    f"Message-ID: <text-{len(out)}@fuzz.example>\r\nMIME-Version: 1.0\r\n"
                    f"Content-Type: text/{sub}; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    f"{enc}\r\n").encode())
    return out


def _split_head(raw: bytes) -> tuple[bytes, bytes, bytes]:
    for sep in (b"\r\n\r\n", b"\n\n"):
        i = raw.find(sep)
        if i >= 0:
            return raw[:i], sep, raw[i + len(sep):]
    return raw, b"", b""


def _parts(raw: bytes) -> tuple[bytes, bytes, list[bytes], bytes] | None:
    """(head with separator, preamble, parts, epilogue) of a multipart mail, or None."""
    head, sep, body = _split_head(raw)
    m = BOUNDARY.search(head)
    if not m:
        return None
    delim = b"--" + m.group(1).strip()
    chunks = body.split(delim)
    if len(chunks) < 3:
        return None
    return head + sep, chunks[0], chunks[1:-1], chunks[-1]


def _join(head: bytes, preamble: bytes, parts: list[bytes], epilogue: bytes, delim: bytes) -> bytes:
    return head + preamble + b"".join(delim + p for p in parts) + delim + epilogue


def _delim(raw: bytes) -> bytes | None:
    m = BOUNDARY.search(_split_head(raw)[0])
    return b"--" + m.group(1).strip() if m else None


def flip(raw: bytes, rnd: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rnd.randint(1, 12)):
        if data:
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    return bytes(data)


def truncate(raw: bytes, rnd: random.Random) -> bytes:
    return raw[:rnd.randrange(len(raw) + 1)] if raw else raw


def splice(raw: bytes, rnd: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rnd.randint(1, 6)):
        pos = rnd.randrange(len(data) + 1)
        if rnd.random() < 0.5:
            del data[pos:pos + rnd.randint(1, 300)]
        else:
            data[pos:pos] = rnd.randbytes(rnd.randint(1, 60))
    return bytes(data)


HEADER_NOISE = [b"=?gb2312?B?", b"=?utf-8?Q?=E4=B8?=", b"=?x-unknown?B?5byg5LiJ?=", b"=?utf-8?B?5L2g5aW9", b"\x00",
                b"\xff\xfe", b";;;", b'"', b"\t", b"charset=\"x-bogus\"", b"filename*0*=gbk''%D5%C5",
                b"name=\"" + "竞赛总结.docx".encode("gb18030") + b"\"", b"=?iso-2022-jp?B?GyRC?="]


def header(raw: bytes, rnd: random.Random) -> bytes:
    """Header lines of the mail or of a part: dropped, doubled, garbled, folded wrong."""
    lines = raw.split(b"\n")
    heads = [i for i, line in enumerate(lines[:4000]) if re.match(rb"[A-Za-z-]+:", line)]
    if not heads:
        return flip(raw, rnd)
    for _ in range(rnd.randint(1, 4)):
        i = rnd.choice(heads)
        if i >= len(lines):
            continue
        op = rnd.randrange(6)
        if op == 0:
            lines[i] = b""                                     # dropped (a blank line: the body starts early)
        elif op == 1:
            lines.insert(i, lines[i])                          # doubled
        elif op == 2:
            cut = rnd.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + rnd.choice(HEADER_NOISE) + lines[i][cut:]
        elif op == 3:
            lines[i] = b" " + lines[i]                          # folded onto the line before
        elif op == 4:
            name, _, value = lines[i].partition(b":")
            lines[i] = name + b":" + value * rnd.randint(2, 50)  # a very long header
        else:
            lines[i] = re.sub(rb"charset=\"?[\w-]+\"?", rnd.choice([b"charset=gbk", b"charset=big5",
                              b"charset=x-unknown", b"charset=", b"charset=utf-7"]), lines[i])
    return b"\n".join(lines)


def boundary(raw: bytes, rnd: random.Random) -> bytes:
    delim = _delim(raw)
    if not delim:
        return header(raw, rnd)
    b = delim[2:]
    op = rnd.randrange(5)
    if op == 0:                                               # the header's boundary changed
        return raw.replace(b"boundary=\"" + b, b"boundary=\"" + b[:-1] + b"X", 1).replace(
            b"boundary=" + b, b"boundary=" + b[:-1] + b"X", 1)
    if op == 1:                                               # the closing delimiter removed
        return raw.replace(delim + b"--", b"", 1)
    if op == 2:                                               # one delimiter line damaged
        hits = [m.start() for m in re.finditer(re.escape(delim), raw)] or [0]
        pos = rnd.choice(hits)
        return raw[:pos] + delim[:rnd.randrange(len(delim))] + raw[pos + len(delim):]
    if op == 3:                                               # a delimiter doubled, an empty part
        return raw.replace(delim + b"\r\n", delim + b"\r\n" + delim + b"\r\n", 1)
    return raw.replace(b"boundary=", b"boundary=\"\"; x=", 1)  # an empty boundary


def shuffle(raw: bytes, rnd: random.Random) -> bytes:
    split = _parts(raw)
    delim = _delim(raw)
    if not split or not delim:
        return splice(raw, rnd)
    head, pre, parts, epi = split
    op = rnd.randrange(3)
    if op == 0:
        rnd.shuffle(parts)
    elif op == 1 and len(parts) > 1:
        del parts[rnd.randrange(len(parts))]
    else:
        parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(parts))
    return _join(head, pre, parts, epi, delim)


def nest(raw: bytes, rnd: random.Random) -> bytes:
    """A part, or the whole mail, wrapped once or many times (forwarded, or a multipart in a multipart)."""
    split = _parts(raw)
    delim = _delim(raw)
    levels = rnd.choice([1, 1, 2, 3, 8, 30])
    if split and delim and rnd.random() < 0.6:
        head, pre, parts, epi = split
        i = rnd.randrange(len(parts))
        inner = parts[i].lstrip(b"\r\n")
        for level in range(levels):
            b = f"nest{level}x{rnd.randrange(10**6)}".encode()
            inner = (b'Content-Type: multipart/mixed; boundary="' + b + b'"\r\n\r\n--' + b + b"\r\n" + inner +
                     b"\r\n--" + b + b"--\r\n")
        parts[i] = b"\r\n" + inner
        return _join(head, pre, parts, epi, delim)
    head, _sep, _body = _split_head(raw)
    outer = raw
    for level in range(levels):
        b = f"fwd{level}x{rnd.randrange(10**6)}".encode()
        outer = (b"From: fwd@unit.example\r\nSubject: Fw: forwarded\r\nMIME-Version: 1.0\r\n"
                 b'Content-Type: multipart/mixed; boundary="' + b + b'"\r\n\r\n--' + b +
                 b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n--" + b +
                 b"\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" + outer +
                 b"\r\n--" + b + b"--\r\n")
    return outer


def mix(raw: bytes, rnd: random.Random, other: bytes) -> bytes:
    mine, theirs = _parts(raw), _parts(other)
    delim = _delim(raw)
    if not mine or not theirs or not delim:
        return nest(raw, rnd)
    head, pre, parts, epi = mine
    their_delim = _delim(other)
    for p in rnd.sample(theirs[2], min(len(theirs[2]), rnd.randint(1, 3))):
        parts.insert(rnd.randrange(len(parts) + 1), p.replace(their_delim, delim) if their_delim else p)
    return _join(head, pre, parts, epi, delim)


OPS = {"flip": flip, "truncate": truncate, "splice": splice, "header": header, "boundary": boundary,
       "shuffle": shuffle, "nest": nest}


def mutate(raw: bytes, rnd: random.Random, pool: list[Base]) -> tuple[bytes, list[str]]:
    kinds = rnd.choices(KINDS, weights=(3, 1, 2, 3, 3, 2, 2, 1), k=rnd.choice([1, 1, 2, 3]))
    for kind in kinds:
        raw = mix(raw, rnd, rnd.choice(pool).raw) if kind == "mix" else OPS[kind](raw, rnd)
    return raw, kinds


def mutated(seed: int, n: int, slow_share: float = 0.02, pool: list[Base] | None = None):
    """n mutated mails as (file name, raw, kinds, base name); the same for the same seed and pool."""
    rnd = random.Random(seed)
    pool = pool if pool is not None else bases()
    fast = [b for b in pool if not b.slow]
    slow = [b for b in pool if b.slow]
    for i in range(n):
        base = rnd.choice(slow if slow and rnd.random() < slow_share else fast)
        raw, kinds = mutate(base.raw, rnd, fast)
        yield f"{i:06d}-{'-'.join(kinds)}.eml", raw, kinds, base.name
