"""The sample world: a small roster and a mailbox of what its units send, in delivery order.

Used by the demo (`python -m samples OUT`) and by the tests, which also read `EXPECT` — what a
careful clerk would conclude from each mail."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from . import documents as d
from .mails import Attachment, Mail, raw_zip, render

ROSTER = [
    # id, competition, host, occupations, category, contact, phone, email
    ("S01", "2024年广西演示行业职业技能竞赛", "自治区演示厅", "电工、焊工", "自治区级二类", "韦明", "0771-5800001", "weiming@ysht.gx.example"),
    ("S02", "2024年广西样例制造业职业技能竞赛", "广西样例集团有限公司", "车工", "自治区级二类", "黄丽", "0771-5800002", "huangli@gxyl.example.cn"),
    ("S03", "2024年广西测试服务业职业技能竞赛", "广西测试服务业协会", "茶艺师", "自治区级二类", "莫强", "0771-5800003", "moq2024@163.example"),
    ("S04", "2024年广西示范农业职业技能竞赛", "自治区示范农业厅", "农机修理工", "自治区级一类", "梁静", "0771-5800004", "liangjing@sfny.gx.example"),
]

FORMS = {
    "S01": d.Form("2024年广西演示行业职业技能竞赛", "自治区演示厅、自治区人力资源社会保障厅", "南宁职业技术大学",
                  "南宁市（南宁职业技术大学）", co_organizer="自治区职业技能鉴定中心",
                  rows=[("电工", "国家职业技能标准（三级/高级工）", "2024年10月12日", "职工组", 120, "/", 30, 5, 2, 0),
                        ("焊工", "焊工国家职业技能标准（2019年版）", "2024年10月14日", "职工组、学生组", 86, 40, 24, 3, 1, 0)],
                  contact=("韦明", "人事处", "0771-5800001", "weiming@ysht.gx.example")),
    "S02": d.Form("2024年广西样例制造业职业技能竞赛", "广西样例集团有限公司", "柳州职业技术大学", "柳州市",
                  rows=[("车工", "车工国家职业技能标准（2022年版）三级", "2024.9.3-9.4", "不分组", 64, "/", 20, 2, 1, 0)],
                  totals=(64, "/", 25, 3, 1, 0),         # 合计 does not add up: 20 finalists, 25 written
                  contact=("黄丽", "人力资源部", "0772-3800002", "huangli@gxyl.example.cn")),
    "S04": d.Form("2024年广西示范农业职业技能竞赛", "自治区示范农业厅", "广西农业职业技术大学", "南宁市",
                  rows=[("农机修理工", "国家职业技能标准二级（技师）", "2024年11月5日", "职工组", 90, "/", 28, 4, 2, 0)],
                  contact=("梁静", "科教处", "0771-5800004", "liangjing@sfny.gx.example")),
}


def _sheet(rid: str, signed: bool | None, seed: int) -> bytes:
    comp = next(r[1] for r in ROSTER if r[0] == rid)
    return d.scanned_pdf([d.score_sheet_image(comp, "电工", signed, seed=seed)])


def build() -> list[tuple[str, bytes]]:
    """[(file name, raw mail)] in delivery order."""
    s01, s02, s03, s04 = ROSTER
    out = []

    def add(slug: str, mail: Mail) -> bytes:
        raw = render(mail)
        out.append((f"{len(out) + 1:03d}-{slug}.eml", raw))
        return raw

    add("s01-complete-foxmail", Mail(
        s01[7], s01[5], "2024年竞赛总结材料", "鉴定中心：\n    现将我单位2024年竞赛总结材料报送贵中心，请查收。\n\n韦明",
        [Attachment("附件1-竞赛工作总结.docx", d.summary_docx(s01[1], s01[2])),
         Attachment("决赛成绩单扫描件.pdf", _sheet("S01", True, 1)),
         Attachment("附件1 基本情况表.xlsx", d.annex1_xlsx(FORMS["S01"])),
         Attachment("自行开展竞赛情况说明.docx", d.other_competitions_docx(s01[2]))],
        message_id="<s01-complete@ysht.gx.example>"))
    add("s02-zip-gbk-total-mismatch", Mail(
        s02[7], s02[5], "报送2024年广西样例制造业职业技能竞赛总结材料",
        "您好！\n    材料见压缩包。我单位2024年未自行开展其它职业技能竞赛。\n\n黄丽",
        [Attachment("竞赛材料.zip", raw_zip([
            ("样例集团材料/1.竞赛工作总结.docx".encode("gb18030"), d.summary_docx(s02[1], s02[2])),
            ("样例集团材料/3.基本情况表.xlsx".encode("gb18030"), d.annex1_xlsx(FORMS["S02"], separate_cells=True)),
            ("__MACOSX/._1.docx".encode(), b"\x00\x05\x16\x07")]))],
        message_id="<s02-zip@gxyl.example.cn>"))
    add("autoreply", Mail(
        s04[7], s04[5], "自动回复：2024年竞赛总结材料", "您好，我正在休假，回来后尽快处理。",
        headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"}, message_id="<auto-1@sfny.gx.example>"))
    add("s03-partial-rfc2231", Mail(
        s03[7], s03[5], "2024年广西测试服务业职业技能竞赛工作总结",
        "各位老师好：\n    先报送工作总结，其余材料随后补报。\n\n莫强",
        [Attachment("2024年竞赛工作总结（测试服务业协会）.docx", d.summary_docx(s03[1], s03[2]), style="rfc2231")],
        message_id="<s03-partial@163.example>"))
    add("spam", Mail("kefu@zhengshu.example", "证书办理", "职业技能等级证书 快速下证", "全国可查，包过。",
                     headers={"X-Spam-Flag": "YES"}, message_id="<spam-1@zhengshu.example>"))
    add("plan-2025-misrouted", Mail(
        s04[7], s04[5], "申报2025年自治区级职业技能竞赛计划", "您好！附件为我厅2025年竞赛计划申报表，请审核。",
        [Attachment("附件2：2025年自治区级职业技能竞赛申报表.docx", d.plan_2025_docx(s04[2]))],
        message_id="<plan-2025@sfny.gx.example>"))
    dup = add("s01-complete-foxmail-again", Mail(
        s01[7], s01[5], "2024年竞赛总结材料", "鉴定中心：\n    现将我单位2024年竞赛总结材料报送贵中心，请查收。\n\n韦明",
        [], message_id="<s01-complete@ysht.gx.example>"))
    del dup
    add("s04-hostile-and-unsigned-photo", Mail(
        s04[7], s04[5], "2024年竞赛总结材料（示范农业厅）", "您好！请查收。\n\n梁静",
        [Attachment("成绩单.pdf.exe", b"MZ\x90\x00" + b"\x00" * 60),
         Attachment("材料.zip", raw_zip([(b"../../evil.txt", b"owned"),
                                         ("基本情况表.xlsx".encode("gb18030"), d.annex1_xlsx(FORMS["S04"]))])),
         Attachment("IMG_0412.jpg", d.photo_jpeg(d.score_sheet_image(s04[1], "农机修理工", False, seed=4, rotate=1.2)),
                    style="ascii")],
        message_id="<s04-hostile@sfny.gx.example>"))
    add("s03-followup-raw-gbk", Mail(
        s03[7], s03[5], "补报：成绩单及情况说明", "您好！补报决赛成绩单。本协会未组织其他职业技能竞赛。\n\n莫强",
        [Attachment("决赛原始成绩单.pdf", _sheet("S03", True, 3), style="raw-gbk")],
        message_id="<s03-followup@163.example>"))
    return out


EXPECT = {
    # file slug → kind, roster id, materials it adds, problems of its Annex 1, signed
    "s01-complete-foxmail": ("submission", "S01", {"summary", "score_sheet", "basic_info", "other_competitions"}, [], True),
    "s02-zip-gbk-total-mismatch": ("submission", "S02", {"summary", "basic_info", "other_competitions"}, ["total_mismatch"], None),
    "autoreply": ("auto_reply", None, set(), [], None),
    "s03-partial-rfc2231": ("submission", "S03", {"summary"}, [], None),
    "spam": ("spam", None, set(), [], None),
    "plan-2025-misrouted": ("plan_2025", "S04", set(), [], None),
    "s01-complete-foxmail-again": ("duplicate", None, set(), [], None),
    "s04-hostile-and-unsigned-photo": ("submission", "S04", {"basic_info", "score_sheet"}, [], False),
    "s03-followup-raw-gbk": ("submission", "S03", {"score_sheet", "other_competitions"}, [], True),
}


def roster_csv(roster: list | None = None) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "竞赛名称", "牵头主办单位", "竞赛职业（工种）", "类别", "联系人", "联系电话", "电子邮箱"])
    w.writerows(roster or ROSTER)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write(out: Path, mails: list | None = None, roster: list | None = None) -> Path:
    """OUT/eml/*.eml and OUT/roster.csv (this world's, or the ones given); returns the eml folder."""
    eml = out / "eml"
    eml.mkdir(parents=True, exist_ok=True)
    for old in eml.glob("*.eml"):
        old.unlink()
    for name, raw in (mails if mails is not None else build()):
        (eml / name).write_bytes(raw)
    (out / "roster.csv").write_bytes(roster_csv(roster))
    return eml
