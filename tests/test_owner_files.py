"""Office owner (lock) files sent by mistake: ~$name.xlsx is refused with a reason the sender can act on."""
from __future__ import annotations

from intake_bot.mail.model import Document
from intake_bot.reading.read import read_document
from intake_bot.store.records import DocClass
from intake_bot.outputs.replies import refusal_text


def _owner(name: str) -> Document:
    user = "张三".encode("utf-16-le")
    return Document(name=name, data=bytes([len(user) // 2]) + user + b"\0" * (162 - 1 - len(user)), kind="bin")


def test_an_owner_file_is_refused_with_what_to_send_instead():
    for name in ("~$基本情况表.xlsx", "材料/~$工作总结.docx", "~$WRL0001.tmp"):
        doc = _owner(name)
        read_document(doc)
        assert doc.cls is DocClass.UNSAFE, name
        assert "原文件" in refusal_text(doc.reason)


def test_a_real_document_whose_name_starts_alike_is_read():
    doc = Document(name="~$统计.txt", data="竞赛工作总结\n".encode("utf-8") * 400, kind="text")
    read_document(doc)
    assert doc.cls is None and "竞赛工作总结" in doc.text
