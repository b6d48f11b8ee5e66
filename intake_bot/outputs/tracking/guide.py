"""使用说明: the workbook explains itself to the staff who use it — what each sheet is, what each status
means, what to write in each staff column and what the bot then does."""
from __future__ import annotations

import datetime as dt

from ...campaign import forms
from ...campaign import Campaign
from ...standing.decisions import ASSIGN_COLUMN, DONE_COLUMN, RECEIVED_COLUMN, help_text
from ...standing.entry_state import STATUS_MEANING
from . import view
from .layout import Col, print_setup, set_role, style_sheet
from .staff import ROLES

GUIDE_TITLE = "使用说明"

# What staff do about each status (what the status means is entry_state.STATUS_MEANING, the one definition).
STATUS_ACTION = {
    view.COMPLETE: "",
    view.TO_CORRECT: "见「问题」列；提醒邮件会请对方更正。",
    view.MISSING: "见「尚缺」列；提醒日会给联系人发提醒。",
    view.NO_MAIL: "请按「今日概要」中的联系人和电话催报。",
    view.MANUAL: "",
}


def _rows(campaign: Campaign) -> list[tuple[str, str]]:
    t = {name: role.title for name, role in ROLES.items()}
    return [
        ("这份表格", f"由材料接收机器人自动生成，每次检查邮箱后更新。不要改动机器人写的列；工作人员只在下面说明的"
                  f"几列中填写，或在表格最右边自己加列。填写的内容和自己加的列，在每次更新后都会保留。"),
        ("各工作表", f"「{t['overview']}」总数和图表；「今日概要」每天要打印的一页：今天的数字、要催报的单位和电话、"
                  f"等待人工处理的事项、昨天以来的新来信；「{t['tracking']}」每个竞赛一行；「{t['mail']}」每封来信一行；"
                  f"「{t['files']}」每个附件一行；{_form_sheet(campaign)}"
                  f"「{t['region']}」全区合计和各类别合计；「{t['manual']}」需要人看的事项。"),
        ("来信#12", f"来信的编号，就是「{t['mail']}」中的顺序号；「来信#12-3」是这封信的第 3 个附件。打电话或交接时"
                   f"说这个编号即可。"),
        ("状态", f"每个竞赛只有一个状态（「{t['tracking']}」第二列，带颜色），旁边的「状态说明」写出原因。"
               "总览、今日概要、回复、提醒和每日简报用的都是同一个状态："),
        *[(f"　{status}", f"{text}。{STATUS_ACTION[status]}") for status, text in STATUS_MEANING.items()],
        (RECEIVED_COLUMN, f"（「{t['tracking']}」）{help_text(RECEIVED_COLUMN, campaign)}"),
        ("纸质材料", f"（「{t['tracking']}」）纸质材料送到 {campaign.paper_address or '鉴定中心'} 后，写收到的日期和内容。"
                 "只作记录，机器人不据此判断。"),
        ("工作人员备注", "各表都有。随意填写，机器人不读取，只保留。"),
        (ASSIGN_COLUMN, f"（「{t['mail']}」）机器人未能对应到竞赛、或对应错了的来信：{help_text(ASSIGN_COLUMN, campaign)}"),
        (DONE_COLUMN, f"（「{t['manual']}」）{help_text(DONE_COLUMN, campaign)}"),
        ("认定结果、对应结果、处理结果", "机器人写在上面三列右边，说明它对所填内容的理解；没看懂的标“未识别”，"
                                  "原值保留，也列在每日简报中，请按表头批注的填法改正。"),
        ("回复和提醒", f"机器人收到报送材料后给发件人回信，说明已收到什么、还缺什么、有什么问题；截止日期"
                  f"（{campaign.deadline:%Y-%m-%d}）前的提醒日，给材料未齐或需要更正的联系人发提醒。只凭照片识别、需要核对的"
                  f"内容不会告诉对方，而是列在「{t['manual']}」。"),
        *_planning_rows(campaign),
        ("打印", "各表都按 A4 横向、一页宽设置，每页都有表头和页码。每天打印「今日概要」一页即可。"),
    ]


def _form_sheet(campaign: Campaign) -> str:
    """The form's sheet as its reader lays it out (none without a form)."""
    if not campaign.form:
        return ""
    layout = forms.reader(campaign.form.reader).layout
    return f"「{layout.title}」{layout.about}；"


def _planning_rows(campaign: Campaign) -> list[tuple[str, str]]:
    p = campaign.planning
    if p is None:
        return []
    basis = forms.reader(campaign.form.reader).finals_basis if campaign.form else ""
    sheet = campaign.material(p.final_material).short
    return [(p.sheet, f"每个竞赛一行：{campaign.year}年决赛是否举办（依据{basis + '，以及' if basis else ''}是否收到{sheet}）、已完成和未完成决赛的职业（工种）、误投到本邮箱的{p.year}年申报表及其中的"
                      f"职业（工种），以及通知规定的后果。通知规定：{p.note}这些只是提示，供工作人员制定{p.year}年计划时"
                      "参考，机器人不会发给报送单位；“待定”表示材料未齐，暂不能判断。")]


def sheet(wb, campaign: Campaign, now: dt.datetime) -> None:
    ws = wb.create_sheet(GUIDE_TITLE)
    ws.append(["项目", "说明"])
    rows = _rows(campaign)
    for item, text in rows:
        ws.append([item, text])
    style_sheet(ws, {"项目": Col(16), "说明": Col(110)}, len(rows) + 1)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = None
    print_setup(ws, f"使用说明（{campaign.title}）", now)
    set_role(wb, ws, "guide")
