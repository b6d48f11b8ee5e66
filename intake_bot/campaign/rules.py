"""How a campaign recognises a document: rules on its content (title, words, the form's grid, a table's
columns) and on its file name, each validated at load; and the frozen base every campaign model shares."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _regex(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{value!r} 不是有效的正则表达式（{exc}）") from None
    return value


Regex = Annotated[str, Field(min_length=1)]


class Rule(_Frozen):
    """One way to recognise a class by content; every condition given must hold."""
    cls: str = Field(alias="class")
    title: Regex | None = None                  # in the first `within` characters (spaces removed)
    within: StrictInt = Field(160, gt=0)
    not_title: Regex | None = None
    min_chars: StrictInt = Field(0, ge=0)
    text: Regex | None = None                   # anywhere in the text
    all_words: tuple[str, ...] = ()
    any_words: tuple[str, ...] = ()
    min_words: StrictInt = Field(1, ge=1)
    form: StrictBool = False                    # the form reader recognises its grid
    columns: tuple[Regex, ...] = ()             # a table's header row: each names a distinct column, and
                                                # the last one's column holds numbers below it
    confidence: float = Field(ge=0, le=1)
    scanned_confidence: float | None = Field(None, ge=0, le=1)
    reason: str

    @field_validator("title", "not_title", "text")
    @classmethod
    def _check(cls, value):
        return _regex(value)

    @field_validator("columns")
    @classmethod
    def _check_columns(cls, value):
        return tuple(_regex(v) for v in value)


class FileNameRule(_Frozen):
    cls: str = Field(alias="class")
    pattern: Regex

    @field_validator("pattern")
    @classmethod
    def _check(cls, value):
        return _regex(value)
