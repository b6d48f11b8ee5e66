"""The second wave's words and kinds: statements that name the notice's item by its number, the
statement made at the end of the work summary itself, newsletters that look official, calendar
invitations and the mail systems' automatic receipts.

`build()` makes one mailbox of all of them for its own small roster (entries W01-W15); `EXPECT` is
what a careful clerk concludes from each mail. `python -m samples --wave-words OUT` writes them;
tests/test_wave_words.py runs them through the whole pipeline.

| kind | what varies |
|---|---|
| item_number_colon | "第四项材料：无此情况" in the body: the item by its number, a colon, the negation |
| item_number_notice_words | "通知要求的第四项材料，我公司无此情况": the notice named, the speaker between |
| item_number_label_list | the body lists the notice's items （一）…（四）, the fourth a bare "无" |
| item_number_arabic | "第4项：无" between other sentences |
| item_number_not_applicable | "附件中第四项不涉及，其余材料见附件" |
| item_number_one_line_document | a one-line .docx "第四项材料：我单位2024年度无此情况" under a name that says nothing |
| item_number_one_line_label | a one-line .docx without a heading: "通知第4项：本单位无。" |
| item_number_see_attachment | "第四项材料见附件" with only the summary attached: not a statement |
| item_number_later | "第四项材料暂无，后补": a promise, not a statement |
| closing_last_paragraph | the summary's last paragraph, before the sign-off: "另外，本单位2024年未自行开展其他职业技能竞赛" |
| closing_heading_section | the summary ends with a section "六、其他职业技能竞赛开展情况" and its one sentence |
| closing_pdf_wrapped | a PDF summary (text layer) whose closing sentence is broken over two lines by the page width |
| closing_attached_separately | the summary ends "其他竞赛情况另附": not a statement |
| closing_promise | the summary ends "自行开展的其他职业技能竞赛情况将另行报送": not a statement |
| gov_unit_briefing | a roster unit on a government domain sends its summary with links to its own 简报: a submission |
| newsletter_gov_html | an HTML newsletter (简报, many links, 退订) from news@….gov.example, no List-Id, no Precedence |
| newsletter_plain_digest | a plain-text weekly digest (资讯周报 第12期, links, "回复TD退订") from a bulk address |
| newsletter_alternative_ejournal | text and HTML e-journal (电子期刊, "您订阅了本刊") from bulletin@….gov.example |
| invite_outlook_alternative | a roster contact's Outlook meeting request: text, HTML and text/calendar (METHOD:REQUEST) |
| invite_ics_attachment | a stranger's invitation as an invite.ics attachment |
| invite_google_style | text/calendar inside the alternative and the same invite.ics attached |
| receipt_postmaster_auto_generated | postmaster@… with Auto-Submitted: auto-generated: "邮件送达回执" |
| receipt_dsn_delivered | a delivery report (multipart/report) whose recipient was delivered, Auto-Submitted: auto-replied |
| receipt_oa_auto_replied | an office system's 收文回执, Auto-Submitted: auto-replied and X-Auto-Response-Suppress |
"""
from __future__ import annotations

import base64

from . import documents as d
from .mails import CENTER, Attachment, Mail, render

ROSTER = [
    ("W01", "2024年广西二波电力行业职业技能竞赛", "广西二波电网公司", "电工", "自治区级二类", "黄新", "0771-5910001", "huangxin@ebdw.example.cn"),
    ("W02", "2024年广西二波交通行业职业技能竞赛", "自治区二波交通厅", "汽车维修工", "自治区级二类", "韦芳", "0771-5910002", "weifang@ebjt.gx.gov.example"),
    ("W03", "2024年广西二波教育行业职业技能竞赛", "自治区二波教育厅", "育婴员", "自治区级二类", "蓝天", "0771-5910003", "lantian@ebjy.gx.gov.example"),
    ("W04", "2024年广西二波建设行业职业技能竞赛", "自治区二波住建厅", "砌筑工", "自治区级一类", "农丽", "0771-5910004", "nongli@ebzj.gx.gov.example"),
    ("W05", "2024年广西二波卫生行业职业技能竞赛", "自治区二波卫健委", "保健按摩师", "自治区级二类", "卢强", "0771-5910005", "luqiang@ebwj.gx.gov.example"),
    ("W06", "2024年广西二波商务行业职业技能竞赛", "自治区二波商务厅", "中式烹调师", "自治区级二类", "苏静", "0771-5910006", "sujing@ebsw.gx.gov.example"),
    ("W07", "2024年广西二波农垦职业技能竞赛", "广西二波农垦集团", "农艺工", "自治区级二类", "潘伟", "0771-5910007", "panwei@ebnk.example.cn"),
    ("W08", "2024年广西二波林业职业技能竞赛", "自治区二波林业局", "林业有害生物防治员", "自治区级二类", "廖敏", "0771-5910008", "liaomin@ebly.gx.gov.example"),
    ("W09", "2024年广西二波水利行业职业技能竞赛", "自治区二波水利厅", "河道修防工", "自治区级二类", "梁勇", "0771-5910009", "liangyong@ebsl.gx.gov.example"),
    ("W10", "2024年广西二波邮政行业职业技能竞赛", "广西二波邮政公司", "快递员", "自治区级二类", "莫丹", "0771-5910010", "modan@ebyz.example.cn"),
    ("W11", "2024年广西二波民政行业职业技能竞赛", "自治区二波民政厅", "养老护理员", "自治区级二类", "谢军", "0771-5910011", "xiejun@ebmz.gx.gov.example"),
    ("W12", "2024年广西二波冶金行业职业技能竞赛", "广西二波冶金集团", "炼钢工", "自治区级二类", "陈红", "0771-5910012", "chenhong@ebyj.example.cn"),
    ("W13", "2024年广西二波旅游行业职业技能竞赛", "自治区二波文旅厅", "导游", "自治区级二类", "刘洋", "0771-5910013", "liuyang@ebwl.gx.gov.example"),
    ("W14", "2024年广西二波气象行业职业技能竞赛", "自治区二波气象局", "气象观测员", "自治区级二类", "杨帆", "0771-5910014", "yangfan@ebqx.gx.gov.example"),
    ("W15", "2024年广西二波人社行业职业技能竞赛", "自治区二波人社厅", "劳动关系协调员", "自治区级二类", "周洁", "0771-5910015", "zhoujie@ebrs.gx.gov.example"),
]
_BY_ID = {r[0]: r for r in ROSTER}

# A work summary's numbered parts after its opening line (the third wave's summaries say the same).
SUMMARY_PARTS = [
    "一、竞赛基本情况。竞赛设职工组和学生组，初赛在各市同步进行，决赛在南宁集中举办，全区共有一百余名选手参加。",
    "二、主要成效。竞赛坚持以赛促学、以赛促训，命题紧扣国家职业技能标准，理论与实操并重，带动了一批青年技能人才成长。",
    "三、经验做法。组建专家命题组，严格执行裁判员回避和封闭命题制度，决赛全程录像，成绩当场公示，确保公平公正。",
    "四、参加全国决赛情况。选派决赛优胜选手参加全国行业职业技能竞赛，取得一个三等奖和两个优胜奖的成绩。",
    "五、存在问题和下一步打算。部分地区选手备赛时间偏短，竞赛宣传还需加强；下一步将提前发布竞赛规程，扩大参赛覆盖面。",
]
_SUMMARY_OPENING = "根据通知要求，{unit}于2024年牵头举办了{competition}。现将竞赛工作有关情况总结如下。"


def summary_paragraphs(rid: str) -> list[str]:
    r = _BY_ID[rid]
    return [_SUMMARY_OPENING.format(unit=r[2], competition=r[1]), *SUMMARY_PARTS]


def _sign_off(rid: str) -> list[str]:
    return [_BY_ID[rid][2], "2025年2月12日"]


def one_line_docx(line: str) -> bytes:
    """A Word file whose whole text is one line: no heading, no title."""
    import io

    import docx
    document = docx.Document()
    document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_pdf(lines: list[str]) -> bytes:
    """A PDF with a text layer, one line per entry (the lines as a word processor wrapped them), in a
    standard Chinese font that readers know without embedding (STSong-Light, UniGB-UCS2-H)."""
    content = ["BT", "/F1 11 Tf", "16 TL", "56 790 Td"]
    content += [f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" for line in lines]
    stream = "\n".join([*content, "ET"]).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def wrap(paragraphs: list[str], width: int = 36) -> list[str]:
    """Paragraphs broken into lines of `width` characters, as a page's width breaks them."""
    return [p[i:i + width] for p in paragraphs for i in range(0, len(p), width)]


def _summary(rid: str, closing: list[str] | None = None, name: str = "竞赛工作总结.docx") -> Attachment:
    r = _BY_ID[rid]
    return Attachment(name, d.prose_docx(f"{r[1]}工作总结", summary_paragraphs(rid) + (closing or [])))


def _mail(rid: str, subject: str, body: str, attachments=(), **kw) -> Mail:
    r = _BY_ID[rid]
    return Mail(r[7], r[5], subject, body, list(attachments), message_id=f"<{rid.lower()}-words@{r[7].split('@')[1]}>",
                **kw)


# ---- raw MIME for what the Foxmail-style renderer does not write -----------------------------------

def _b64(text: str, charset: str = "utf-8") -> str:
    return base64.encodebytes(text.encode(charset)).decode().replace("\n", "\r\n")


def _word(text: str) -> str:
    return f"=?utf-8?B?{base64.b64encode(text.encode()).decode()}?="


def _headers(sender: str, name: str, subject: str, message_id: str, extra: dict | None = None) -> list[str]:
    lines = [f"From: \"{_word(name)}\" <{sender}>", f"To: {CENTER}", f"Subject: {_word(subject)}",
             "Date: Wed, 12 Feb 2025 10:15:00 +0800", f"Message-ID: {message_id}", "MIME-Version: 1.0"]
    return lines + [f"{k}: {v}" for k, v in (extra or {}).items()]


def _part(ctype: str, text: str, extra: str = "") -> list[str]:
    return [f"Content-Type: {ctype}; charset=\"utf-8\"{extra}", "Content-Transfer-Encoding: base64", "", _b64(text)]


def _multipart(kind: str, boundary: str, parts: list[list[str]]) -> list[str]:
    lines = [f"Content-Type: multipart/{kind};\r\n\tboundary=\"{boundary}\"", ""]
    for part in parts:
        lines += [f"--{boundary}", *part]
    return lines + [f"--{boundary}--", ""]


def _raw(headers: list[str], body: list[str]) -> bytes:
    return "\r\n".join(headers + body).encode("ascii")


def invitation_ics(organizer: str, summary: str, uid: str, method: str = "REQUEST") -> str:
    return "\r\n".join([
        "BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", "VERSION:2.0",
        f"METHOD:{method}", "BEGIN:VEVENT", f"ORGANIZER;CN=organizer:mailto:{organizer}",
        f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{CENTER}", f"SUMMARY;LANGUAGE=zh-CN:{summary}",
        "DTSTART;TZID=China Standard Time:20250218T090000", "DTEND;TZID=China Standard Time:20250218T103000",
        f"UID:{uid}", "LOCATION:三楼会议室", "END:VEVENT", "END:VCALENDAR", ""])


def _links(n: int, host: str) -> list[str]:
    return [f"https://{host}/2025/02/art{i:03d}.html" for i in range(1, n + 1)]


def _newsletters() -> list[tuple[str, bytes]]:
    links = _links(6, "www.gxrs-news.gov.example")
    items = ["全区职业技能竞赛工作总结会在南宁召开", "2025年自治区级职业技能竞赛计划申报工作启动",
             "我区选手在全国行业职业技能竞赛中获佳绩", "技能人才评价工作简讯", "各地人社工作动态", "政策解读：技能人才激励办法"]
    html = ("<html><body><h2>广西人社工作简报</h2><p>2025年第3期（总第118期）</p><ul>"
            + "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in zip(links, items))
            + '</ul><p>如不希望继续收到本简报，请<a href="https://www.gxrs-news.gov.example/unsub?u=intake">退订</a>。'
            + "</p></body></html>")
    first = _raw(_headers("news@gxrs-news.gov.example", "广西人社工作简报", "广西人社工作简报（2025年第3期）",
                          "<brief-2025-03@gxrs-news.gov.example>"), _part("text/html", html))
    digest_links = _links(5, "zixun.skills-weekly.gov.example")
    digest = ("技能人才资讯周报 第12期\r\n\r\n本期要目：\r\n"
              + "\r\n".join(f"{i}. {t}\r\n   阅读全文：{u}" for i, (t, u) in enumerate(zip(items, digest_links), 1))
              + "\r\n\r\n本周报每周三发送。回复TD退订。\r\n")
    second = _raw(_headers("zixun@skills-weekly.gov.example", "技能人才资讯", "技能人才资讯周报 第12期",
                           "<weekly-12@skills-weekly.gov.example>"), _part("text/plain", digest))
    journal_links = _links(5, "www.gxjnjs.gov.example")
    journal_text = ("职业技能竞赛动态（电子期刊）2025年第2期\r\n" + "\r\n".join(f"{t} {u}" for t, u in zip(items, journal_links))
                    + "\r\n您收到此邮件是因为您的邮箱订阅了本刊。\r\n")
    journal_html = ("<html><body><h3>职业技能竞赛动态（电子期刊）2025年第2期</h3>"
                    + "".join(f'<p><a href="{u}">{t}</a></p>' for t, u in zip(items, journal_links))
                    + "<p>您收到此邮件是因为您的邮箱订阅了本刊。</p></body></html>")
    third = _raw(_headers("bulletin@gxjnjs.gov.example", "职业技能竞赛动态", "职业技能竞赛动态（电子期刊）2025年第2期",
                          "<journal-2025-02@gxjnjs.gov.example>"),
                 _multipart("alternative", "----=_alt_journal", [_part("text/plain", journal_text),
                                                                   _part("text/html", journal_html)]))
    return [("newsletter_gov_html", first), ("newsletter_plain_digest", second),
            ("newsletter_alternative_ejournal", third)]


def _invitations() -> list[tuple[str, bytes]]:
    w01, w02 = _BY_ID["W01"], _BY_ID["W02"]
    subject = "竞赛总结材料报送工作沟通会"
    text = f"邀请您参加：{subject}\r\n时间：2025年2月18日 9:00-10:30\r\n地点：三楼会议室\r\n"
    html = f"<html><body><p>邀请您参加：{subject}</p><p>时间：2025年2月18日 9:00-10:30</p></body></html>"
    outlook = _raw(
        _headers(w01[7], w01[5], subject, "<invite-outlook@ebdw.example.cn>",
                 {"X-Mailer": "Microsoft Outlook 16.0", "Thread-Topic": _word(subject)}),
        _multipart("alternative", "_000_outlook_invite_", [
            _part("text/plain", text), _part("text/html", html),
            _part("text/calendar", invitation_ics(w01[7], subject, "040000008200E00074C5B7101A82E008"),
                  "; method=REQUEST")]))
    stranger = "office@gxjnpx.gov.example"
    training = "2024年竞赛总结材料报送培训会"
    attached = _raw(
        _headers(stranger, "培训办公室", f"会议邀请：{training}", "<invite-ics@gxjnpx.gov.example>"),
        _multipart("mixed", "----=_mixed_ics", [
            _part("text/plain", f"各单位：\r\n定于2月20日召开{training}，日程见附件，请点击接受。\r\n"),
            ["Content-Type: application/ics; name=\"invite.ics\"", "Content-Transfer-Encoding: base64",
             "Content-Disposition: attachment; filename=\"invite.ics\"", "",
             _b64(invitation_ics(stranger, training, "training-0220@gxjnpx.gov.example"))]]))
    google_subject = "邀请：竞赛材料对接 @ 2025年2月19日周三 15:00 - 16:00"
    ics = invitation_ics(w02[7], "竞赛材料对接", "0220-w02@ebjt.gx.gov.example")
    google = _raw(
        _headers(w02[7], w02[5], google_subject, "<invite-google@ebjt.gx.gov.example>"),
        _multipart("mixed", "000000000000mixed", [
            _multipart("alternative", "000000000000alt", [
                _part("text/plain", "您已受邀参加以下活动：竞赛材料对接\r\n加入会议：https://meet.example/abc\r\n"),
                _part("text/html", "<p>您已受邀参加以下活动：竞赛材料对接</p>"),
                _part("text/calendar", ics, "; method=REQUEST")]),
            ["Content-Type: application/ics; name=\"invite.ics\"", "Content-Transfer-Encoding: base64",
             "Content-Disposition: attachment; filename=\"invite.ics\"", "", _b64(ics)]]))
    return [("invite_outlook_alternative", outlook), ("invite_ics_attachment", attached),
            ("invite_google_style", google)]


def _receipts() -> list[tuple[str, bytes]]:
    subject = "2024年竞赛总结材料"
    postmaster = _raw(
        _headers("postmaster@mail.ebjt.gx.gov.example", "系统管理员", f"邮件送达回执：{subject}",
                 "<receipt-1@mail.ebjt.gx.gov.example>", {"Auto-Submitted": "auto-generated"}),
        _part("text/plain", f"您好：\r\n您发送给 {CENTER} 的邮件《{subject}》已于2025年2月12日10:14成功送达收件人邮箱。\r\n"
                            "此邮件由系统自动发出，请勿回复。\r\n"))
    report = _raw(
        _headers("MAILER-DAEMON@mx.ebjy.gx.gov.example", "Mail Delivery System",
                 "Delivery Status Notification (Success)", "<dsn-success@mx.ebjy.gx.gov.example>",
                 {"Auto-Submitted": "auto-replied"}),
        ["Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"dsn-ok\"", "",
         "--dsn-ok", *_part("text/plain", f"This is an automatically generated Delivery Status Notification.\r\n\r\n"
                                          f"Your message has been successfully delivered to {CENTER}.\r\n"),
         "--dsn-ok", "Content-Type: message/delivery-status", "",
         "Reporting-MTA: dns; mx.ebjy.gx.gov.example", "", f"Final-Recipient: rfc822; {CENTER}",
         "Action: delivered", "Status: 2.0.0", "",
         "--dsn-ok", "Content-Type: text/rfc822-headers", "", f"Subject: {_word(subject)}", "",
         "--dsn-ok--", ""])
    oa = _raw(
        _headers("oa-system@ebrs.gx.gov.example", "办公自动化系统", f"收文回执：《{subject}》已登记",
                 "<oa-receipt@ebrs.gx.gov.example>",
                 {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}),
        _part("text/plain", f"来文《{subject}》已登记，收文编号：2025-0213。\r\n"))
    return [("receipt_postmaster_auto_generated", postmaster), ("receipt_dsn_delivered", report),
            ("receipt_oa_auto_replied", oa)]


def build() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []

    def add(slug: str, mail: Mail | bytes) -> None:
        out.append((f"{len(out) + 1:03d}-{slug}.eml", mail if isinstance(mail, bytes) else render(mail)))

    # the notice's item named by its number
    add("item_number_colon", _mail(
        "W01", "竞赛总结材料", "中心领导：\n  我单位竞赛工作总结见附件。\n  第四项材料：无此情况。\n黄新", [_summary("W01")]))
    add("item_number_notice_words", _mail(
        "W02", "报送竞赛工作总结", "您好！\n工作总结已随信附上。通知要求的第四项材料，我公司无此情况。\n谢谢！",
        [_summary("W02")]))
    add("item_number_label_list", _mail(
        "W03", "育婴员竞赛材料", "老师好：\n（一）竞赛工作总结：见附件\n（二）决赛原始成绩单：签字后补报\n"
                          "（三）基本情况表：随后报送\n（四）无\n蓝天", [_summary("W03")]))
    add("item_number_arabic", _mail(
        "W04", "建设行业竞赛总结", "各位老师好，附件是竞赛工作总结。第4项：无。其余材料整理后报送。", [_summary("W04")]))
    add("item_number_not_applicable", _mail(
        "W05", "卫健委竞赛材料", "您好，附件中第四项不涉及，其余材料见附件。", [_summary("W05")]))
    add("item_number_one_line_document", _mail(
        "W06", "补充一份说明", "您好，补充说明见附件。",
        [Attachment("说明.docx", one_line_docx("第四项材料：我单位2024年度无此情况。"))]))
    add("item_number_one_line_label", _mail(
        "W07", "补充材料", "补充材料见附件，请查收。",
        [Attachment("情况说明.docx", one_line_docx("通知第4项：本单位无。"))]))
    add("item_number_see_attachment", _mail(
        "W08", "林业竞赛总结", "您好！工作总结见附件，第四项材料见附件。", [_summary("W08")]))
    add("item_number_later", _mail(
        "W09", "水利竞赛总结", "您好！先报送工作总结。第四项材料暂无，后补。", [_summary("W09")]))
    # the statement at the end of the work summary itself
    add("closing_last_paragraph", _mail(
        "W10", "竞赛工作总结", "您好，竞赛工作总结见附件。",
        [_summary("W10", ["另外，本单位2024年未自行开展其他职业技能竞赛。", *_sign_off("W10")])]))
    add("closing_heading_section", _mail(
        "W11", "民政行业竞赛总结", "工作总结请查收。",
        [_summary("W11", ["六、其他职业技能竞赛开展情况", "2024年度，我厅没有另行举办其他技能竞赛。", *_sign_off("W11")])]))
    w12 = _BY_ID["W12"]
    pdf_lines = wrap([f"{w12[1]}工作总结", *summary_paragraphs("W12"),
                      "七、其他说明。除承办本次竞赛外，本集团在2024年度内未自行组织其他职业技能竞赛活动，特此说明。"]) + _sign_off("W12")
    add("closing_pdf_wrapped", _mail(
        "W12", "冶金行业竞赛工作总结", "总结（PDF）见附件。", [Attachment("竞赛工作总结.pdf", text_pdf(pdf_lines))]))
    add("closing_attached_separately", _mail(
        "W13", "旅游行业竞赛总结", "您好，工作总结见附件。",
        [_summary("W13", ["其他竞赛情况另附。", *_sign_off("W13")])]))
    add("closing_promise", _mail(
        "W14", "气象行业竞赛总结", "您好，工作总结见附件。",
        [_summary("W14", ["自行开展的其他职业技能竞赛情况将另行报送。", *_sign_off("W14")])]))
    # a real unit on a government domain, with its own briefing's links
    links = "\n".join(_links(5, "www.ebrs.gx.gov.example"))
    add("gov_unit_briefing", _mail(
        "W15", "人社行业竞赛总结材料", f"您好！竞赛工作总结见附件。我厅竞赛工作简报（第3期）可在以下链接查看：\n{links}\n周洁",
        [_summary("W15")]))
    for slug, raw in (*_newsletters(), *_invitations(), *_receipts()):
        add(slug, raw)
    return out


# slug -> (kind, roster id, materials the mail adds, the message's declares_no_other_competitions: true
# only when the mail's own text says it, as the export contract has it; a summary closing with the
# statement adds other_competitions to the entry without it)
EXPECT = {
    "item_number_colon": ("submission", "W01", {"summary", "other_competitions"}, True),
    "item_number_notice_words": ("submission", "W02", {"summary", "other_competitions"}, True),
    "item_number_label_list": ("submission", "W03", {"summary", "other_competitions"}, True),
    "item_number_arabic": ("submission", "W04", {"summary", "other_competitions"}, True),
    "item_number_not_applicable": ("submission", "W05", {"summary", "other_competitions"}, True),
    "item_number_one_line_document": ("submission", "W06", {"other_competitions"}, False),
    "item_number_one_line_label": ("submission", "W07", {"other_competitions"}, False),
    "item_number_see_attachment": ("submission", "W08", {"summary"}, False),
    "item_number_later": ("submission", "W09", {"summary"}, False),
    "closing_last_paragraph": ("submission", "W10", {"summary", "other_competitions"}, False),
    "closing_heading_section": ("submission", "W11", {"summary", "other_competitions"}, False),
    "closing_pdf_wrapped": ("submission", "W12", {"summary", "other_competitions"}, False),
    "closing_attached_separately": ("submission", "W13", {"summary"}, False),
    "closing_promise": ("submission", "W14", {"summary"}, False),
    "gov_unit_briefing": ("submission", "W15", {"summary"}, False),
    "newsletter_gov_html": ("spam", None, set(), False),
    "newsletter_plain_digest": ("spam", None, set(), False),
    "newsletter_alternative_ejournal": ("spam", None, set(), False),
    "invite_outlook_alternative": ("other", None, set(), False),      # not about the collection: no entry
    "invite_ics_attachment": ("other", None, set(), False),
    "invite_google_style": ("other", None, set(), False),
    "receipt_postmaster_auto_generated": ("auto_reply", None, set(), False),
    "receipt_dsn_delivered": ("auto_reply", None, set(), False),
    "receipt_oa_auto_replied": ("auto_reply", None, set(), False),
}
