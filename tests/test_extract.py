"""Attachments out of archives, with hostile input refused (pure functions and real files)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from intake_bot.settings.config import Limits
from intake_bot.mail.extract import expand
from intake_bot.mail.model import Document
from parsers.sniff import sniff
from samples import documents as d
from samples.mails import raw_zip, zip_bomb

ROOT = Path(__file__).resolve().parent.parent


def _expand(name: str, data: bytes, **limits) -> list[Document]:
    return expand([Document(name=name, data=data)], Limits(**limits), [])


def test_gbk_names_without_utf8_flag_and_nesting():
    inner = raw_zip([("成绩单/决赛成绩单.pdf".encode("gb18030"), b"%PDF-1.4\n%%EOF")])
    outer = raw_zip([("材料/内层.zip".encode("gb18030"), inner), ("__MACOSX/._x".encode(), b"junk")])
    docs = _expand("附件.zip", outer)
    # named from the attached container down: the sender never saw 内层.zip as an attachment
    assert [(x.name, x.container, x.kind) for x in docs] == [("材料/内层.zip/成绩单/决赛成绩单.pdf", "附件.zip", "pdf")]


def test_bomb_inside_an_archive_is_reported_under_the_attached_name():
    bomb = zip_bomb(size=64 << 20)
    inner = raw_zip([("资料/压缩包.zip".encode("gb18030"), bomb)])
    outer = raw_zip([("第二层.zip".encode("gb18030"), inner), ("说明.txt".encode("gb18030"), "无".encode("gb18030"))])
    docs = _expand("竞赛材料.zip", outer, max_total_bytes=32 << 20)
    unsafe = [x for x in docs if x.cls is not None and x.cls.value == "unsafe"]
    assert unsafe, [(x.name, x.container, x.reason) for x in docs]
    assert all(x.container == "竞赛材料.zip" for x in docs)
    assert any(x.name.startswith("第二层.zip/资料/压缩包.zip") for x in unsafe)


def test_depth_limit():
    z = raw_zip([(b"a.txt", b"hello")])
    for level in range(4):
        z = raw_zip([(f"level{level}.zip".encode(), z)])
    docs = _expand("deep.zip", z, max_depth=3)
    assert len(docs) == 1 and docs[0].cls == "unsafe" and "nested deeper" in docs[0].reason


def test_password_zip_is_refused_whole():
    docs = _expand("竞赛材料.zip", raw_zip([(b"a.docx", b"PK"), (b"b.pdf", b"%PDF")], flags=0x1))
    assert [(x.name, x.cls) for x in docs] == [("竞赛材料.zip", "unsafe")]
    assert "password" in docs[0].reason


@pytest.mark.parametrize("name", [b"../../x.txt", b"/etc/cron.d/gx-update", "..\\..\\Windows\\启动\\run.bat".encode("gb18030")])
def test_traversal_members_are_unsafe_and_the_rest_is_read(name):
    docs = _expand("材料.zip", raw_zip([(name, b"evil"), ("总结.docx".encode("gb18030"), b"hello")]))
    by = {x.name: x for x in docs}
    assert by[name.decode("gb18030")].cls == "unsafe" and by[name.decode("gb18030")].data == b""
    assert by["总结.docx"].data == b"hello"


def test_sniffing_beats_extensions():
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"
    assert sniff(pdf, "其它情况.docx") == "pdf"
    assert sniff(d.annex1_xlsx(d.Form("a", "b", "c", "d")), "x.xls") == "xlsx"
    docs = _expand("成绩单.pdf.exe", b"MZ\x90\x00")
    assert docs[0].cls == "unsafe" and "double extension" in docs[0].reason
    assert _expand("情况说明.docx", b"")[0].reason == "zero-byte file"


BOMB_PROBE = textwrap.dedent("""
    import json, resource, sys
    sys.path.insert(0, {root!r})
    from intake_bot.settings.config import Limits
    from intake_bot.mail.extract import expand
    from intake_bot.mail.model import Document
    def hwm_kb():   # VmHWM is this process's own peak (ru_maxrss is inherited across exec)
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    data = open(sys.argv[1], "rb").read()
    before = hwm_kb()
    docs = expand([Document(name="附件.zip", data=data)], Limits(), [])
    peak = hwm_kb()
    print(json.dumps({{"docs": [[x.name, x.cls, x.reason] for x in docs], "peak_kb": peak, "before_kb": before}}))
""")


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    honest = folder / "honest.zip"
    honest.write_bytes(zip_bomb())
    liar = folder / "liar.zip"
    liar.write_bytes(zip_bomb(size=512 << 20, declared_size=4096))
    return honest, liar


@pytest.mark.parametrize("which", ["honest", "liar"])
def test_zip_bomb_refused_with_bounded_memory(bombs, which, tmp_path):
    path = bombs[0] if which == "honest" else bombs[1]
    probe = tmp_path / "probe.py"
    probe.write_text(BOMB_PROBE.format(root=str(ROOT)))
    before = set(os.listdir(tmp_path))
    out = subprocess.run([sys.executable, str(probe), str(path)], capture_output=True, text=True, cwd=tmp_path,
                         timeout=120)
    result = json.loads(out.stdout)
    assert result["docs"] == [["附件.zip", "unsafe", result["docs"][0][2]]]
    assert "bomb" in result["docs"][0][2]
    assert result["peak_kb"] < 300 * 1024, result
    assert set(os.listdir(tmp_path)) == before           # nothing written


def test_7z_members():
    py7zr = pytest.importorskip("py7zr")
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as z:
        z.writestr(b"hello", "竞赛材料/总结.docx")
        z.writestr(b"%PDF-1.4\n%%EOF", "竞赛材料/成绩单.pdf")
    docs = _expand("竞赛材料.7z", buf.getvalue())
    assert sorted((x.name, x.container) for x in docs) == [("竞赛材料/总结.docx", "竞赛材料.7z"),
                                                           ("竞赛材料/成绩单.pdf", "竞赛材料.7z")]


def test_encrypted_office_file_is_reported():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    docs = _expand("基本情况表.xlsx", ole)
    assert docs[0].cls == "unsafe" and "encrypted" in docs[0].reason.lower()


def test_without_libreoffice_legacy_files_need_a_manual_check(monkeypatch):
    from intake_bot.reading import classify
    from intake_bot.campaign import load_campaign
    from intake_bot.reading.read import read_document
    from parsers import legacy
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    doc = _expand("自行开展的其它职业技能竞赛情况.rtf", b"{\\rtf1\\ansi hello}")[0]
    read_document(doc)
    classify.classify(doc, load_campaign())
    assert doc.needs_manual_check and "LibreOffice" in doc.reason
    assert doc.material == "other_competitions"      # by its name, at low confidence
    assert doc.confidence < 0.6


def test_rar_members_with_gbk_names_and_hostile_ones():
    from samples.mails import stored_rar
    rar = stored_rar([("材料\\总结.docx".encode("gb18030"), b"hello"), (b"..\\..\\x.txt", b"evil"),
                      ("基本情况表.xlsx".encode("gb18030"), b"x" * 50)])
    docs = _expand("竞赛材料.rar", rar)
    by = {x.name: x for x in docs}
    assert by["材料/总结.docx"].data == b"hello" and by["材料/总结.docx"].container == "竞赛材料.rar"
    assert by["基本情况表.xlsx"].data == b"x" * 50
    assert by["../../x.txt"].cls == "unsafe" and by["../../x.txt"].data == b""
    locked = _expand("竞赛材料.rar", stored_rar([(b"a.docx", b"hello")], encrypted=True))
    assert [(x.name, x.cls) for x in locked] == [("竞赛材料.rar", "unsafe")] and "password" in locked[0].reason
