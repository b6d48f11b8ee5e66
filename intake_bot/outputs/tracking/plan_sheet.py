"""The planning sheet (the campaign's planning.sheet): one row per roster entry with the facts that decide next year's
plan — whether this year's final was held and what that rests on, the occupations finished and not, the
next-year applications received by mail with the occupations they name — and the notice's consequence
in plain words. Hints for the center's planning staff, never sent to an organizer (intake_bot.standing.planning).
Prints like the detail sheets: A4 landscape, one page wide, the header and the 编号 on every page."""
from __future__ import annotations

import datetime as dt

from ...campaign import Campaign
from ...standing.planning import PlanningFacts
from .layout import Col, clean_cell, print_setup, set_role, style_sheet
from .refs import mail_ref

HELD_TEXT = {True: "已举办", False: "未完成", None: "待定"}
HELD_COLOUR = {True: "C6EFCE", False: "FFC7CE", None: "D9D9D9"}
UNMATCHED = "未对应"


def columns(campaign: Campaign) -> dict[str, Col]:
    """The sheet's columns; their widths add up to one A4 landscape page."""
    p = campaign.planning
    return {"编号": Col(6, wrap=False), "牵头主办单位": Col(14), "竞赛名称": Col(18), f"{campaign.year}年决赛": Col(7),
            "依据": Col(26), "已完成决赛的职业（工种）": Col(13), "未完成决赛的职业（工种）": Col(13),
            f"收到的{p.year}年申报表（误投）": Col(24), "提示（仅供工作人员参考）": Col(28)}


def sheet(wb, campaign: Campaign, found: PlanningFacts, rows: dict[str, int], now: dt.datetime) -> None:
    from openpyxl.styles import PatternFill
    cols = columns(campaign)
    ws = wb.create_sheet(campaign.planning.sheet)
    ws.append(list(cols))
    by_entry: dict[str, list] = {}
    for a in found.applications:
        by_entry.setdefault(a.roster_id or "", []).append(a)

    def said(apps) -> str:
        return "\n".join(f"{mail_ref(rows[a.source]) if a.source in rows else ''}「{a.file}」："
                         f"{'、'.join(a.occupations) if a.occupations else '未能读出职业（工种），请打开查看'}"
                         for a in apps)

    count = 1
    for e in found.entries:
        ws.append([clean_cell(v) for v in (
            e.roster_id, e.unit, e.competition, HELD_TEXT[e.held], e.evidence, "、".join(e.finished) or "—",
            "、".join(e.unfinished) or "—", said(by_entry.get(e.roster_id, [])) or "—",
            "\n".join(t for _c, t in e.consequences) or ("无" if e.held else "材料未齐，暂不能判断"))])
        count += 1
        ws.cell(count, 4).fill = PatternFill("solid", fgColor=HELD_COLOUR[e.held])
    for a in by_entry.get("", []):             # an application no roster entry claims: its sender
        ws.append([clean_cell(v) for v in (UNMATCHED, a.unit, "", "", "", "", "", said([a]), "发件单位不在名单中，请人工确认")])
        count += 1
    style_sheet(ws, cols, count)
    print_setup(ws, f"{campaign.planning.sheet}（{campaign.title}）", now, title_columns="A:A")
    set_role(wb, ws, "planning")
