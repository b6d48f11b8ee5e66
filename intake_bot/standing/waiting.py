"""What waits for a person: the manual-check items the records raise (a refused file, a file judged by
its name alone, a form read by OCR, a large-attachment link to fetch, a mail no entry claims, a mail
that failed). Each item has a stable key (the 待人工核对 row) that staff close with 已处理."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..campaign import Campaign
from ..store.records import OCR_READ, SIGNATURE_DOUBT, TITLE_CHECK, TO_CHECK, DocClass, DocumentRecord, MessageKind, MessageStatus, StoredMessage
from ..mail.sender_text import refusal_text


class ItemKind(StrEnum):
    DOCUMENT = "document"           # one file of a mail
    REFUSED = "refused"             # a file refused or unreadable: not counted
    LINK = "link"                   # a large-attachment link: the center fetches the files
    MAIL = "mail"                   # the whole mail


@dataclass(frozen=True)
class ManualItem:
    key: str
    source: str
    roster_id: str
    file: str
    what: str
    reason: str
    kind: ItemKind = ItemKind.DOCUMENT
    holds: bool = False             # it doubts a material that counts (its title's year or competition, its
                                    # signature, read from a scan) and no certain copy of it counts: the entry
                                    # is not complete until staff close it or count the material themselves
    material: str | None = None     # the material it doubts (a material key), when it holds


def class_text(campaign: Campaign, doc: DocumentRecord) -> str:
    """What the bot says a document is, in staff's words (the material's short name)."""
    if doc.cls is DocClass.MATERIAL:
        material = campaign.material(doc.material or "")
        return material.short if material else (doc.material or "")
    if doc.cls is DocClass.MISROUTED:
        return campaign.misrouted.short if campaign.misrouted else "误投材料"
    return {DocClass.OTHER: "其他文件", DocClass.UNSAFE: "无法读取/不安全"}[doc.cls]


def manual_reason(campaign: Campaign, doc: DocumentRecord) -> str | None:
    if doc.cls is DocClass.UNSAFE:
        return f"{refusal_text(doc.reason)}（未计入已收材料）"
    if not doc.manual_check:
        return None
    doubts = []                                     # a scan may have both: each is said
    if TITLE_CHECK in (doc.reason or ""):           # its title may name another year or competition
        doubts.append((doc.reason or "").partition(TITLE_CHECK)[2].split("; ")[0])
    if SIGNATURE_DOUBT in (doc.reason or ""):
        why = (doc.reason or "").partition(SIGNATURE_DOUBT)[2].split(";")[0]
        signer = campaign.signed_materials.get(doc.material or "", "")
        doubts.append(f"未能确认有无{signer}签字（{why}），请对照原件查看；未告知发件人")
    if doubts:
        return "\n".join(doubts)
    if OCR_READ in (doc.reason or ""):
        held = (doc.reason or "").partition(TO_CHECK)[2]
        return "由照片或扫描件识别，请对照原件核对数字" + (f"（识别结果疑有问题，未告知发件人：{held}）" if held else "")
    if TO_CHECK in (doc.reason or ""):              # the form read with a doubt, or a problem resting on it
        return f"表格读取有不确定之处，未告知发件人，请打开原件核对：{(doc.reason or '').partition(TO_CHECK)[2]}"
    if doc.confidence < 0.6 and doc.cls is DocClass.MATERIAL:
        return f"仅凭文件名判断为「{class_text(campaign, doc)}」，请打开核对"
    return "无法自动判断这个文件，请人工查看"


_DOUBTS = (TITLE_CHECK, SIGNATURE_DOUBT)


def _doubted(doc: DocumentRecord) -> bool:
    return doc.counted and any(mark in (doc.reason or "") for mark in _DOUBTS)


def manual_items(campaign: Campaign, messages: list[StoredMessage]) -> list[ManualItem]:
    certain = {(d.roster_id or m.view.roster_id or "", d.material) for m in messages for d in m.view.documents
               if d.counted and not _doubted(d)}           # a copy of the material read without a doubt
    out = []
    for m in messages:
        r = m.view
        rid = r.roster_id or ""
        for i, d in enumerate(r.documents):
            why = manual_reason(campaign, d)
            if why:
                kind = ItemKind.REFUSED if d.cls is DocClass.UNSAFE else ItemKind.DOCUMENT
                holds = _doubted(d) and (d.roster_id or rid, d.material) not in certain
                out.append(ManualItem(f"{m.source}#{i + 1}", m.source, d.roster_id or rid, d.name,
                                      class_text(campaign, d), why, kind, holds, d.material if holds else None))
        if r.large_attachment_link:
            out.append(ManualItem(f"{m.source}#link", m.source, rid, "（超大附件链接）", "",
                                  "邮件中有超大附件下载链接，请人工下载链接中的文件", ItemKind.LINK))
        if m.status in (MessageStatus.FAILED, MessageStatus.QUARANTINED):
            out.append(ManualItem(f"{m.source}#mail", m.source, rid, "（整封邮件）", "",
                                  _staff_reason(m.error) if m.status is MessageStatus.QUARANTINED
                                  else "这封邮件处理失败，下次检查邮箱时重试", ItemKind.MAIL))
        elif r.kind.answered and not rid:
            out.append(ManualItem(f"{m.source}#mail", m.source, "", "（整封邮件）", "",
                                  "发件人不在名单中，未能对应竞赛：请在「来信记录」的「人工对应编号」填写编号",
                                  ItemKind.MAIL))
        elif r.kind is MessageKind.OTHER and r.documents:
            out.append(ManualItem(f"{m.source}#mail", m.source, rid, "（整封邮件）", "",
                                  "陌生发件人发来的文件，未识别为本次材料，未回复：请人工查看", ItemKind.MAIL))
    return out



def _staff_reason(error: str | None) -> str:
    """A quarantined mail's reason when it was written for people (too large, unreadable, tried too
    often); an internal error stays in the records."""
    if error and "\u4e00" <= error[0] <= "\u9fff":      # written for people (an internal error begins
        return error                                        # with its stage's name, maybe a Chinese file name after)
    return "这封邮件无法自动处理，请人工查看原邮件"
