"""One truth per entry: a season like the shared corpus (samples/one_truth.py) run before the deadline,
then the edits a clerk makes in the workbook (received marks, a reassignment, done marks, a value the
bot cannot understand, a free-text 已处理), then a new mail from an edited entry. The workbook, `status`,
`preview` of every entry, the reply to the new mail, the reminders, the digest and the export all say
the same of every entry: its status, its missing materials and what it must correct."""
from __future__ import annotations

import contextlib
import email
import email.policy
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from intake_bot.campaign import load_campaign
from intake_bot.cli import main
from samples import one_truth, world

FIRST, AFTER, REMIND = "2025-02-20T09:00:00+08:00", "2025-02-21T11:00:00+08:00", "2025-02-22T09:00:00+08:00"
STATUSES = ("齐全", "待更正", "缺材料", "未来信", "需人工处理")
CAMPAIGN = load_campaign()
BY_NAME = {**{m.name: m.key for m in CAMPAIGN.materials}, **{m.short: m.key for m in CAMPAIGN.materials}}
IDS = [r[0] for r in one_truth.ROSTER]


def _cli(*args) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]


def _edit(path: Path) -> None:
    """The clerk's edits, saved with openpyxl as WPS or Excel would save them."""
    wb = openpyxl.load_workbook(path)
    titles = {"tracking": "材料跟踪", "mail": "来信记录", "manual": "待人工核对"}
    keys = {"tracking": "编号", "mail": "来源", "manual": "核对编号"}
    for role, key, column, value in one_truth.STAFF_EDITS:
        ws = wb[titles[role]]
        header = [c.value for c in ws[1]]
        at = header.index(keys[role]) + 1                # the row's key (a hidden column on 来信记录, 待人工核对)
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, at).value == key)
        ws.cell(row, header.index(column) + 1, value)
    wb.save(path)


def _body(raw: bytes) -> tuple[str, str]:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    return str(msg["To"]), msg.get_body(("plain",)).get_content()


def _section(text: str, heading: str) -> list[str] | None:
    """The numbered items under a heading line ("四、尚缺的材料", "尚缺：", "需要更正：")."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines)
               if re.fullmatch(rf"\s*(?:[一二三四五六七八九十]+、)?{heading}.*", line) and "请于" not in line), None)
    if at is None:
        return None
    items = []
    for line in lines[at + 1:]:
        m = re.match(r"^\s+\d+\. (.+)$", line)
        if m:
            items.append(m.group(1))
        elif line.strip() and not line.startswith("  "):
            break
    return items


def _missing(text: str) -> set[str]:
    items = _section(text, "尚缺")
    return {BY_NAME[i] for i in items} if items else set()


def _to_correct(text: str) -> set[str]:
    items = _section(text, "需要更正") or []
    return {BY_NAME[i.split("：", 1)[0]] for i in items}


@pytest.fixture(scope="module")
def season(tmp_path_factory):
    out = tmp_path_factory.mktemp("one-truth")
    eml = world.write(out, one_truth.build(), one_truth.ROSTER)
    data = out / "data"
    common = ["--roster", str(out / "roster.csv"), "--data-dir", str(data), "--reply-mode", "outbox"]
    _cli("run", "--once", "--source", str(eml), *common, "--now", FIRST)
    _edit(data / "材料跟踪表.xlsx")
    name, raw = one_truth.after_edits()
    (eml / name).write_bytes(raw)
    before = set((data / "outbox").glob("*.eml"))
    _cli("run", "--once", "--source", str(eml), *common, "--now", AFTER)
    replies = set((data / "outbox").glob("*.eml")) - before
    _cli("remind", *common, "--now", REMIND)
    reminders = set((data / "outbox").glob("*.eml")) - before - replies
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx")
    return {
        "data": data, "wb": wb,
        "tracking": {r["编号"]: r for r in _rows(wb["材料跟踪"])},
        "replies": [_body(p.read_bytes()) for p in sorted(replies)],
        "reminders": {p.name.split("-")[1]: _body(p.read_bytes()) for p in reminders},
        "previews": {rid: _cli("preview", rid, "--data-dir", str(data), "--now", REMIND) for rid in IDS},
        "status": _cli("status", "--data-dir", str(data)),
        "digest": _cli("digest", "--data-dir", str(data), "--now", REMIND),
        "export": json.loads(_export(data)),
    }


def _export(data: Path) -> str:
    path = data.parent / "export.json"
    _cli("export", "--data-dir", str(data), "--json", str(path))
    return path.read_text(encoding="utf-8")


def _workbook_missing(row: dict) -> set[str]:
    return set() if row["尚缺"] == "无" else {BY_NAME[s] for s in row["尚缺"].split("、")}


def test_every_output_says_the_same_status_and_missing_materials_of_every_entry(season):
    tracking = season["tracking"]
    counts = {s: sum(1 for r in tracking.values() if r["状态"] == s) for s in STATUSES}
    said = "，".join(f"{s} {n} 项" for s, n in counts.items())
    assert said in season["status"]                                   # status: the workbook's words and numbers
    assert said in season["digest"]
    overview = season["wb"]["总览"]
    assert {overview.cell(r, 1).value: overview.cell(r, 2).value for r in range(7, 12)} == counts
    exported = {e["roster_id"]: e for e in season["export"]["entries"]}
    for rid in IDS:
        row = tracking[rid]
        missing = _workbook_missing(row)
        assert set(exported[rid]["missing"]) == missing, rid
        assert re.search(rf"^  {row['状态']}：.*\b{rid}\b", season["digest"], re.M), rid
        preview = season["previews"][rid]
        assert preview.startswith(f"状态：{row['状态']}（{row['状态说明']}）"), rid
        assert _missing(preview) == missing, rid
        reminder = season["reminders"].get(rid)
        if row["状态"] == "齐全":
            assert reminder is None and not _to_correct(preview), rid
        else:
            assert reminder is not None, rid                          # missing or to correct: reminded
            assert _missing(reminder[1]) == missing, rid
            assert _to_correct(reminder[1]) == _to_correct(preview), rid
        if row["状态"] == "待更正":
            assert not missing and _to_correct(preview), rid


def test_the_staff_decisions_are_what_each_entry_now_is(season):
    tracking = season["tracking"]
    # 工作总结（纸质）: understood as the summary; the new mail brought the sheet and the form
    assert tracking["T09"]["竞赛工作总结"] == "人工认定" and tracking["T09"]["认定结果"] == "认定已收：竞赛工作总结"
    assert _workbook_missing(tracking["T09"]) == {"other_competitions"}
    # the unsigned sheet came signed on paper: nothing left to correct
    assert tracking["T03"]["状态"] == "齐全" and "由工作人员认定" in tracking["T03"]["状态说明"]
    # the sheet marked received; the form's 合计 is still to be corrected
    assert tracking["T02"]["状态"] == "待更正" and "合计" in tracking["T02"]["状态说明"]
    # "r"-less case: t07 is T07, and the stranger's summary counts for it
    assert tracking["T07"]["竞赛工作总结"] == "已收" and tracking["T07"]["来信数"] == 1
    mail = {r["来源"]: r for r in _rows(season["wb"]["来信记录"])}
    assert mail[one_truth.STRANGER_SOURCE]["对应编号"] == "T07"
    assert mail[one_truth.STRANGER_SOURCE]["对应结果"] == "已对应到 T07"
    # a value not understood is kept, said beside it and in the digest, never dropped
    assert tracking["T10"]["人工认定已收"] == "盖章原件" and tracking["T10"]["认定结果"].startswith("未识别")
    assert "盖章原件" in season["digest"] and "未识别" in season["digest"]
    assert tracking["T10"]["状态"] == "未来信"


def test_done_closes_an_item_a_note_does_not_and_closed_items_stay_greyed_at_the_bottom(season):
    ws = season["wb"]["待人工核对"]
    rows = _rows(ws)
    keys = [r["核对编号"] for r in rows]
    link = rows[keys.index(one_truth.LINK_ITEM)]
    refused = rows[keys.index(one_truth.REFUSED_ITEM)]
    assert link["已处理"] == "√" and link["处理结果"].startswith("已关闭")
    assert keys.index(one_truth.LINK_ITEM) == len(keys) - 1 or all(
        r["处理结果"] and not r["处理结果"].startswith("未") for r in rows[keys.index(one_truth.LINK_ITEM):])
    assert ws.cell(keys.index(one_truth.LINK_ITEM) + 2, 1).font.color.rgb.endswith("808080")
    assert refused["已处理"] == "已联系对方，待重发" and "备注" in refused["处理结果"]
    assert season["tracking"]["T08"]["状态"] == "需人工处理"           # the note left the item open
    assert season["tracking"]["T04"]["状态"] == "缺材料"               # the link fetched: no longer held


def test_the_reply_to_the_edited_entry_follows_the_staff_decisions(season):
    (to, body), = [r for r in season["replies"] if "weijiu@" in r[0]]
    assert _missing(body) == _workbook_missing(season["tracking"]["T09"]) == {"other_competitions"}
    assert "竞赛工作总结（工作人员已登记）" in body
    assert "韦九同志" in body


def test_replies_never_contradict_themselves(season):
    data = season["data"]
    bodies = {}
    for p in sorted((data / "outbox").glob("0*.eml")):
        to, body = _body(p.read_bytes())
        bodies.setdefault(to, []).append(body)
    t03 = bodies["qinsan@zzjy.gx.example"][0]                      # the unsigned sheet, before staff settled it
    assert "（含裁判长签字）复印件" not in t03.split("尚缺的材料")[0]          # not listed as missing
    assert _to_correct(t03) == {"score_sheet"} and "score_sheet" not in _missing(t03)
    received = _section(t03, "贵单位已收到的材料") or []
    assert "决赛成绩单" not in received
    t01 = bodies["luoyi@zzdw.example.cn"][0]
    assert "4. 4." not in t01 and "· 4.自行开展的其它竞赛情况.docx" in t01
    t04 = bodies["lisi@zzzj.gx.example"][0]
    assert "中心将下载" in t04
    t05 = bodies["luwu@zzwj.gx.example"][0]                         # only next year's plan sent
    assert _missing(t05) == set(CAMPAIGN.material_keys) and "https://www.gx12333.net/" in t05
    t06 = bodies["ganliu@zzsw.gx.example"][0]                       # a mixed mail: the misrouted part
    assert CAMPAIGN.misrouted.address in t06 and CAMPAIGN.misrouted.path in t06
    t08 = bodies["biba@zzly.gx.example"][0]
    refused = t08.split("未能接收的文件")[1].split("、")[0]
    assert "决赛成绩单.pdf.exe" in refused and "决赛成绩单.pdf.exe" not in t08.split("未能接收的文件")[0]


def test_a_reassigned_mail_is_previewed_to_its_sender_by_the_senders_name(season):
    preview = season["previews"]["T07"]
    assert "收件人：xiaowang2024@qq.example" in preview and "邓七同志" not in preview


def test_reminders_of_each_day_have_their_own_file(season):
    names = [p.name for p in (season["data"] / "outbox").glob("reminder-*.eml")]
    assert names and all(re.fullmatch(r"reminder-T\d\d-20250222-D3\.eml", n) for n in names)


@pytest.mark.parametrize("typed, keys, unknown", [
    ("工作总结（纸质）", {"summary"}, []),
    ("全部", set(CAMPAIGN.material_keys), []),
    ("总结、成绩单", {"summary", "score_sheet"}, []),
    ("决赛原始成绩单（含裁判长签字）复印件", {"score_sheet"}, []),
    ("基本情况表 其他竞赛情况", {"basic_info", "other_competitions"}, []),
    ("总结，盖章原件", {"summary"}, ["盖章原件"]),
    ("情况", set(), ["情况"]),                                          # two materials say 情况: not guessed
])
def test_received_marks_are_read_as_a_clerk_reads_them(typed, keys, unknown):
    from intake_bot.standing.decisions import materials_of
    assert materials_of(typed, CAMPAIGN) == (keys, unknown)


def test_ids_in_any_case_and_done_values_only_close_with_a_done_word():
    from intake_bot.standing.decisions import is_done, roster_id_of
    ids = {"R05", "R22"}
    assert [roster_id_of(t, ids) for t in ("r22", "Ｒ２２", " R 22 ", "R5", "r-05", "R23", "22")] == \
        ["R22", "R22", "R22", "R05", "R05", None, None]
    assert [is_done(t) for t in ("是", "√", "已处理", "OK", "已处理。")] == [True] * 5
    assert is_done("已联系对方，待重发") is None and is_done("否") is False and is_done("已") is None


@pytest.mark.parametrize("doubt", ["; title to check: 标题似为“2023年…决赛成绩表”（由扫描件识别）",
                                   "; signature unclear: 印章盖在签字处"])
def test_a_doubt_about_a_counted_material_holds_a_complete_entry_until_staff_close_it(doubt):
    # a scan's OCR'd title names 2023, or its signature cannot be told: the sheet stays counted and the
    # sender is not told (a guess), but the entry is not shown 齐全 until staff have looked (blind set F:
    # an entry complete only thanks to that sheet hid the item)
    from intake_bot.standing import entry_state
    from intake_bot.standing.decisions import Decisions
    from intake_bot.store.records import DocClass, DocumentRecord, MessageKind, MessageRecord, MessageStatus, StoredMessage
    keys = [m.key for m in CAMPAIGN.materials]
    docs = tuple(DocumentRecord(name=f"{k}.pdf", cls=DocClass.MATERIAL, material=k, confidence=0.9,
                                reason="read" + (doubt if i == 1 else ""), manual_check=i == 1)
                 for i, k in enumerate(keys))
    record = MessageRecord(source="001.eml", kind=MessageKind.SUBMISSION, roster_id="R1", documents=docs,
                           materials=tuple(keys))
    messages = [StoredMessage(row=1, source="001.eml", status=MessageStatus.DONE, record=record)]
    roster = [{"id": "R1", "competition": "某竞赛", "host": "某单位"}]
    season = entry_state.season(CAMPAIGN, roster, messages, Decisions())
    st = season.standings["R1"]
    assert st.status == "需人工处理" and not st.missing and not st.corrections
    assert "材料已收齐" in st.reason and f"{keys[1]}.pdf" in st.reason
    assert [i.key for i in season.waiting] == ["001.eml#2"]
    closed = entry_state.season(CAMPAIGN, roster, messages, Decisions(handled={"001.eml#2"}))
    assert closed.standings["R1"].status == "齐全" and closed.waiting == []
    counted = entry_state.season(CAMPAIGN, roster, messages, Decisions(received={"R1": {keys[1]}}))
    assert counted.standings["R1"].status == "齐全"                       # staff counted the material themselves
    again = MessageRecord(source="002.eml", kind=MessageKind.SUBMISSION, roster_id="R1", materials=(keys[1],),
                          documents=(DocumentRecord(name="typed.docx", cls=DocClass.MATERIAL, material=keys[1],
                                                    confidence=0.9, reason="read"),))
    later = messages + [StoredMessage(row=2, source="002.eml", status=MessageStatus.DONE, record=again)]
    assert entry_state.season(CAMPAIGN, roster, later, Decisions()).standings["R1"].status == "齐全"  # a certain copy
