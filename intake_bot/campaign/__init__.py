"""Campaigns: each year's collection as data (`config/campaigns/*/campaign.toml`), and the code that
belongs to one kind of campaign (the readers of its forms, registered by name: a new form is a new
module in this package, found and imported here without any other edit).

`load_campaign(None)` is the default campaign, the 2024 competition summaries.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from . import forms
from ..base.errors import ConfigError
from ..base.validation import explain, read_toml, refuse_secrets
from .model import OTHER, UNSAFE, Campaign, FormSpec, Material, Misrouted, Planning, Rule  # noqa: F401

for _module in pkgutil.iter_modules(__path__):     # every module here: each form reader registers itself
    importlib.import_module(f"{__name__}.{_module.name}")

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
    for form in campaign.forms:
        if form.reader not in forms.READERS:
            raise ConfigError(f"竞赛材料收集文件 {path}：form.reader {form.reader!r} 不是已有的表格读取器"
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
