"""Campaigns: each year's collection as data (`config/campaigns/*/campaign.toml`), and the code that
belongs to one kind of campaign (the readers of its forms, registered by name).

`load_campaign(None)` is the default campaign, the 2024 competition summaries.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from .. import forms
from ..errors import ConfigError
from ..validation import explain, read_toml, refuse_secrets
from . import annex1_reader  # noqa: F401  (registers the Annex 1 form reader)
from .model import OTHER, UNSAFE, Campaign, FormSpec, Material, Misrouted, Rule  # noqa: F401

CAMPAIGNS_DIR = Path(__file__).resolve().parent.parent.parent / "config" / "campaigns"
DEFAULT_CAMPAIGN_FILE = CAMPAIGNS_DIR / "2024" / "campaign.toml"


@lru_cache(maxsize=8)
def _load(path: Path) -> Campaign:
    values = read_toml(path, "竞赛材料收集（campaign）文件")
    refuse_secrets(values)
    values.setdefault("templates", ".")
    templates = Path(values["templates"]) if isinstance(values["templates"], str) else values["templates"]
    if isinstance(templates, Path) and not templates.is_absolute():
        values["templates"] = (path.parent / templates).resolve()
    values["source_file"] = path
    try:
        campaign = Campaign.model_validate(values)
    except ValidationError as exc:
        raise explain(Campaign, exc, f"竞赛材料收集文件 {path}") from None
    if campaign.form and campaign.form.reader not in forms.READERS:
        raise ConfigError(f"竞赛材料收集文件 {path}：form.reader {campaign.form.reader!r} 不是已有的表格读取器"
                          f"（可选：{', '.join(sorted(forms.READERS))}）。")
    return campaign


def load_campaign(path: str | Path | None = None) -> Campaign:
    """The campaign in `path` (a campaign.toml, or the folder holding one); the default when None."""
    if path is None:
        return _load(DEFAULT_CAMPAIGN_FILE)
    path = Path(path).expanduser().resolve()
    if path.is_dir():
        path = path / "campaign.toml"
    return _load(path)
