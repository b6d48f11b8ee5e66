"""What a re-read changed, in words staff read: per mail (its kind, its entry, each file's class,
signature and what its title names, the form's values, the problems found) and per entry (its status,
what is missing, what is to be corrected)."""
from __future__ import annotations

from ..campaign import Campaign
from ..store.records import DocumentRecord, MessageRecord
from .tracking.view import kind_text
from ..standing.waiting import class_text
from ..base.version import version_text

LIMIT = 6                               # values of a form listed before "…" (the rest are counted)


def _doc_class(campaign: Campaign, doc: DocumentRecord | None) -> str:
    if doc is None:
        return "（没有这个文件）"
    return class_text(campaign, doc) + ("（不计入已收）" if doc.names_other else "")


def _signed(value: bool | None) -> str:
    return {True: "已签字", False: "未见签字", None: "未检查"}[value]


def _flat(value, prefix: str = "") -> dict:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}/{k}"))
        return out
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(_flat(v, f"{prefix}/{i}"))
        return out
    return {prefix: value}


def _shown(value) -> str:
    return "空" if value in (None, "") else f"「{value}」"


def message_changes(campaign: Campaign, before: MessageRecord, after: MessageRecord) -> list[str]:
    """The differences of two readings of one mail, one line each."""
    lines = []
    if before.kind != after.kind:
        lines.append(f"邮件类型：{kind_text(campaign, before.kind)} → {kind_text(campaign, after.kind)}")
    if before.roster_id != after.roster_id:
        lines.append(f"对应编号：{before.roster_id or '未对应'} → {after.roster_id or '未对应'}")
    if before.declares_no_other != after.declares_no_other and campaign.statement:
        lines.append(f"邮件正文“{campaign.statement.short}”的说明：" +
                     ("未读出 → 读出" if after.declares_no_other else "读出 → 不算说明"))
    old_docs = {(d.name, i): d for i, d in enumerate(before.documents)}
    new_docs = {(d.name, i): d for i, d in enumerate(after.documents)}
    for key in dict.fromkeys([*old_docs, *new_docs]):
        old, new = old_docs.get(key), new_docs.get(key)
        name = f"「{key[0]}」"
        if _doc_class(campaign, old) != _doc_class(campaign, new):
            lines.append(f"{name}：{_doc_class(campaign, old)} → {_doc_class(campaign, new)}")
        if old is not None and new is not None:
            if old.signed != new.signed:
                lines.append(f"{name}签字：{_signed(old.signed)} → {_signed(new.signed)}")
            if old.roster_id != new.roster_id or old.roster_ids != new.roster_ids:
                was = "、".join(old.roster_ids) or old.roster_id or before.roster_id or "未对应"
                now = "、".join(new.roster_ids) or new.roster_id or after.roster_id or "未对应"
                lines.append(f"{name}计入的编号：{was} → {now}")
            if old.manual_check != new.manual_check:
                lines.append(f"{name}：" + ("改为需要人工核对" if new.manual_check else "不再需要人工核对"))
    if (before.form or None) != (after.form or None):
        old, new = _flat(before.form or {}), _flat(after.form or {})
        diffs = [f"{_shown(old.get(k))} → {_shown(new.get(k))}" for k in dict.fromkeys([*old, *new])
                 if old.get(k) != new.get(k)]
        if not before.form or not after.form:
            lines.append(f"{campaign.form.name if campaign.form else '表格'}：" + ("新读出" if after.form else "不再读出"))
        else:
            lines.append(f"{campaign.form.name if campaign.form else '表格'}读出的内容有 {len(diffs)} 处不同："
                         + "、".join(diffs[:LIMIT]) + ("……" if len(diffs) > LIMIT else ""))
    old_problems = [t for _c, t in before.problem_texts] + [d.names_other[1] for d in before.documents if d.names_other]
    new_problems = [t for _c, t in after.problem_texts] + [d.names_other[1] for d in after.documents if d.names_other]
    for text in new_problems:
        if text not in old_problems:
            lines.append(f"新发现的问题：{text}")
    for text in old_problems:
        if text not in new_problems:
            lines.append(f"不再认为有问题：{text}")
    return lines


def entry_changes(campaign: Campaign, before, after) -> list[str]:
    """The differences of an entry's standing (entry_state.Standing) with the old and the new readings."""
    short = {m.key: m.short for m in campaign.materials}
    lines = []
    if before.status != after.status:
        lines.append(f"状态：{before.status} → {after.status}")
    gained = [short.get(k, k) for k in after.received if k not in before.received]
    lost = [short.get(k, k) for k in before.received if k not in after.received]
    if gained:
        lines.append("改为已收：" + "、".join(gained))
    if lost:
        lines.append("改为未收：" + "、".join(lost))
    def corrections(standing) -> list[str]:
        return [(f"{short.get(k, k)}：" if k else "") + line for k, said in standing.corrections.items() for line in said]
    was, now = corrections(before), corrections(after)
    lines += [f"需更正：{line}" for line in now if line not in was]
    lines += [f"不再需要更正：{line}" for line in was if line not in now]
    return lines


def report_lines(report, campaign: Campaign, roster: list[dict]) -> list[str]:
    """The whole report for the terminal."""
    readings = report.readings
    changed = [r for r in readings if r.changed]
    failed = [r for r in readings if r.failed]
    out = [f"重新读取了 {len(readings)} 封邮件（当前{version_text(report.version)}）：{len(changed)} 封结果有变化，"
           f"{len(readings) - len(changed) - len(failed)} 封不变" + (f"，{len(failed)} 封读取失败（保留原结果）" if failed else "")
           + "。"]
    if report.resumed:
        out.append(f"接着上次中断的保存继续：其中 {report.resumed} 封上次已保存，这次未再读取。")
    for source in report.missing_archive:
        out.append(f"· {source}：数据目录中找不到这封邮件的原件（或原件已被改动），未重新读取。")
    for r in changed:
        who = version_text(r.read_by) if r.read_by else "早期版本（未记录版本号）"
        out.append(f"· {r.message.source}（原结果由{who}读取）")
        out.extend(f"    {line}" for line in message_changes(campaign, r.message.record, r.after))
    for r in failed:
        out.append(f"· {r.message.source}：重新读取时出错，保留原结果（原因见日志）")
    competition = {e["id"]: e.get("competition") or "" for e in roster}
    entry_lines = []
    for rid, after in report.after.items():
        before = report.before.get(rid)
        lines = entry_changes(campaign, before, after) if before is not None else []
        if lines:
            entry_lines.append(f"· {rid} {competition.get(rid, '')}")
            entry_lines.extend(f"    {line}" for line in lines)
    out.append("各竞赛的变化：" if entry_lines else "各竞赛的状态和缺少的材料都不变。")
    out.extend(entry_lines)
    if report.applied:
        out.append("已保存新结果，材料跟踪表已更新；工作人员在表中填写的内容保留。没有给任何人发邮件"
                   + ("，除下面指定的更正回复。" if report.replies else "。"))
        for rid, what in report.replies:
            out.append(f"· 给 {rid} 的更正回复：{what}")
    else:
        out.append("这是预览，没有保存，也没有发任何邮件。确认后加 --apply 保存新结果"
                   "（加 --reply 编号 可把更正后的结果告知该单位）。")
    return out
