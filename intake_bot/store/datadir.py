"""A data directory belongs to one collection: the first run records its campaign in the state, and
every later command works on that campaign — without repeating --campaign — or refuses, in one
sentence, when it is told another one."""
from __future__ import annotations

from pathlib import Path

from ..campaign import Campaign, load_campaign
from ..settings.config import Settings, replace
from ..base.errors import ConfigError
from .state import STATE_FILE, State
from .state_meta import CampaignMark


def record(campaign: Campaign) -> CampaignMark:
    return CampaignMark(title=campaign.title, year=campaign.year, file=str(campaign.source_file or ""))


def same(remembered: CampaignMark, campaign: Campaign) -> bool:
    """One collection, wherever its file lies now (an upgrade may move it) and whatever was edited in it."""
    return remembered.title == campaign.title and remembered.year == campaign.year


def remember(state: State, campaign: Campaign) -> None:
    """Record the data directory's campaign on its first run (and where its file lies now)."""
    remembered = state.meta.campaign
    if not remembered or (same(remembered, campaign) and remembered.file != record(campaign).file):
        state.meta.campaign = record(campaign)


def bind(settings: Settings, named: bool) -> Settings:
    """The settings with the data directory's own campaign. named: the command line or the config file
    named a campaign (then it must be the directory's); otherwise the remembered one is used."""
    data_dir = Path(settings.data_dir)
    if not (data_dir / STATE_FILE).exists():
        return settings
    with State.existing(data_dir) as state:
        remembered = state.meta.campaign
    if not remembered or same(remembered, settings.campaign):
        return settings
    if named:
        raise ConfigError(f"数据目录 {data_dir} 属于「{remembered.title}」，不能用于「{settings.campaign.title}」："
                          f"请换一个数据目录（--data-dir），或去掉 --campaign 以继续使用原来的收集。")
    file = Path(remembered.file or "")
    if not file.is_file():
        raise ConfigError(f"数据目录 {data_dir} 属于「{remembered.title}」，但它的收集文件 {file} 已不存在："
                          f"请用 --campaign 指定这次收集的 campaign.toml。")
    return replace(settings, campaign=load_campaign(file))
