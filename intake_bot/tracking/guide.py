"""使用说明: the workbook explains itself to the staff who use it — what each sheet is, what each status
means, what to write in each staff column and what the bot then does."""
from __future__ import annotations

import datetime as dt

from ..campaign import Campaign
from . import view
from .layout import Col, print_setup, set_role, style_sheet
from .staff import ROLES

GUIDE_TITLE = "使用说明"

STATUS_MEANING = {
    view.COMPLETE: "应交材料都已收到（含工作人员认定已收的），且没有待更正的问题。",
    view.TO_CORRECT: "材料都已收到，但有问题需要对方更正（见「问题」列，如合计不符、未见裁判长签字）。提醒邮件会请对方更正。",
    view.MISSING: "来过信，但还缺材料（见「尚缺」列）。提醒日会给联系人发提醒。",
    view.NO_MAIL: "还没有收到这个竞赛的任何来信。请按「今日概要」中的联系人和电话催报。",
    view.MANUAL: "有机器人不能自己判断的事，需要工作人员看一下（见「待人工核对」）。处理完后状态会自动更新。",
}


def _rows(campaign: Campaign) -> list[tuple[str, str]]:
    t = {name: role.title for name, role in ROLES.items()}
    shorts = "、".join(m.short for m in campaign.materials)
    return [
        ("这份表格", f"由材料接收机器人自动生成，每次检查邮箱后更新。不要改动机器人写的列；工作人员只在下面说明的"
                  f"几列中填写，或在表格最右边自己加列。填写的内容和自己加的列，在每次更新后都会保留。"),
        ("各工作表", f"「{t['overview']}」总数和图表；「今日概要」每天要打印的一页：今天的数字、要催报的单位和电话、"
                  f"等待人工处理的事项、昨天以来的新来信；「{t['tracking']}」每个竞赛一行；「{t['mail']}」每封来信一行；"
                  f"「{t['files']}」每个附件一行；「{t['form']}」各竞赛最新一份基本情况表的各工种；"
                  f"「{t['region']}」全区合计和各类别合计；「{t['manual']}」需要人看的事项。"),
        ("来信#12", f"来信的编号，就是「{t['mail']}」中的顺序号；「来信#12-3」是这封信的第 3 个附件。打电话或交接时"
                   f"说这个编号即可。"),
        ("状态", "每个竞赛只有一个状态（「材料跟踪」第二列，带颜色）："),
        *[(f"　{status}", text) for status, text in STATUS_MEANING.items()],
        ("人工认定已收", f"（「{t['tracking']}」）对方用纸质或其他方式交来、机器人没有收到的材料，在这里写材料名称或简称"
                    f"（{shorts}），多项用顿号分开；全部交齐写「全部」。机器人把它算作已收，不再提醒对方补交。"),
        ("纸质材料", f"（「{t['tracking']}」）纸质材料送到 {campaign.paper_address or '鉴定中心'} 后，写收到的日期和内容。"
                 "只作记录，机器人不据此判断。"),
        ("工作人员备注", "各表都有。随意填写，机器人不读取，只保留。"),
        ("人工对应编号", f"（「{t['mail']}」）机器人未能对应到竞赛、或对应错了的来信，在这里写名单中的编号（如 R12）。"
                    "下次更新时，这封信的材料就算在该竞赛名下。"),
        ("已处理", f"（「{t['manual']}」）看过并处理完的事项，写「是」或「√」。该事项不再列为待处理。"),
        ("回复和提醒", f"机器人收到报送材料后给发件人回信，说明已收到什么、还缺什么、有什么问题；截止日期"
                  f"（{campaign.deadline:%Y-%m-%d}）前的提醒日，给材料未齐的联系人发提醒。只凭照片识别、需要核对的"
                  f"内容不会告诉对方，而是列在「{t['manual']}」。"),
        ("打印", "各表都按 A4 横向、一页宽设置，每页都有表头和页码。每天打印「今日概要」一页即可。"),
    ]


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
