"""Reading a TOML settings file and explaining what is wrong in it, one plain sentence per mistake.

pydantic validates; this module turns its errors into sentences an IT person can act on: the
setting's dotted name, what was given, what is allowed, and for an unknown key the closest known one.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import ConfigError

SECRET_KEYS = ("password", "secret", "auth_code", "authorization_code", "token")


def read_toml(path: Path, what: str) -> dict:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{what} {path} 不存在。") from None
    except IsADirectoryError:
        raise ConfigError(f"{what} {path} 是一个文件夹，不是文件。") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} {path} 不是 UTF-8 编码的文本文件。") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{what} {path} 不是有效的 TOML 格式：{toml_error(str(exc), path)}") from None


TOML_ERRORS = (      # tomllib's messages (Python 3.11), each with what the writer of the file most likely did
    (r"Expected '=' after a key", "这一行的设置名后面缺少等号（应写作 名称 = 值）"),
    (r"Invalid value", "等号后面的值写法不对：文字要加英文双引号（如 \"imap.163.com\"），数字和 true/false 不加"),
    (r"Unterminated string", "引号没有配对：文字两边都要有英文双引号"),
    (r"Illegal character", "文字中有不允许的字符（如换行或制表符）：请检查引号是否配对"),
    (r"Unclosed array", "列表的方括号没有闭合（应写作 [\"a\", \"b\"]）"),
    (r"Unclosed inline table", "花括号没有闭合"),
    (r"Expected '\]' at the end of a table", "段名的方括号没有闭合（应写作 [mailbox]）"),
    (r"Expected '\]\]'", "段名的双方括号没有闭合"),
    (r"Cannot (declare|redefine|overwrite|mutate)", "同一个设置或同一段写了两次"),
    (r"Duplicate inline table key", "花括号里同一个名称写了两次"),
    (r"Invalid initial character for a key", "设置名的写法不对：设置名只能用英文字母、数字、下划线，中文名称要加引号"),
    (r"Invalid date", "日期的写法不对（应写作 2026-02-25）"),
    (r"Unescaped '\\'", "文字中的反斜杠要写成两个（\\\\），或改用单引号"),
    (r"Invalid hex value|not a Unicode scalar", "文字中的转义写法不对"),
    (r"Found invalid character|Expected|Invalid statement", "这里有多余或不允许的字符"),
)


def toml_error(message: str, path: Path | None = None) -> str:
    """A TOML syntax error in Chinese: where (line and column, and the line itself) and what to fix."""
    where = re.search(r"\(at line (\d+), column (\d+)\)|\(at end of document\)", message)
    what = next((text for pattern, text in TOML_ERRORS if re.search(pattern, message)), "格式有误")
    if where and where.group(1):
        line_no, column = int(where.group(1)), int(where.group(2))
        shown = ""
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines() if path else []
            shown = f"（这一行是「{lines[line_no - 1].strip()}」）" if 0 < line_no <= len(lines) else ""
        except OSError:
            pass
        return f"第 {line_no} 行第 {column} 个字符处有误{shown}。{what}。"
    if where:
        return f"文件末尾有误。{what}。"
    return f"{what}。"


def refuse_secrets(values: Any, where: str = "") -> None:
    """Passwords never live in a settings file, whatever the table."""
    if isinstance(values, dict):
        for key, value in values.items():
            if key.lower() in SECRET_KEYS:
                raise ConfigError(f"设置 {where}{key}：密码和授权码不能写在配置文件里，"
                                  f"请用 password_env（环境变量名）或 password_file（密钥文件路径）。")
            refuse_secrets(value, f"{where}{key}.")


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the (nested) model that holds the setting at `loc`."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        inner = [a for a in getattr(annotation, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            current = annotation
        elif inner:
            current = inner[0]
        else:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _given(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def sentence(model: type[BaseModel], error: dict) -> str:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tagged-"))))
    name = _dotted(loc) or "（整个文件）"
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        known = _known_keys(model, loc)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
        hint = f"，是否想写 {_dotted(loc[:-1] + (close[0],))}？" if close else "。"
        return f"未知设置 {name}{hint}"
    if kind == "missing":
        return f"缺少必填设置 {name}。"
    if kind in ("enum", "literal_error"):
        allowed = str(ctx.get("expected", "")).replace(" or ", "、").replace(", ", "、")
        return f"设置 {name} 的值 {_given(value)} 无效，可选值为：{allowed}。"
    if kind.startswith(("int_", "float_", "bool_", "string_")) or kind in ("int_type", "float_type", "bool_type"):
        want = {"int": "整数（不带引号，如 3）", "float": "数字（不带引号，如 5 或 2.5）", "bool": "true 或 false",
                "string": "文字（带引号）"}[kind.split("_")[0]]
        if kind.endswith(("greater_than_equal", "greater_than", "less_than_equal", "less_than")):
            return f"设置 {name} 的值 {_given(value)} 超出范围：{error['msg']}。"
        return f"设置 {name} 应为{want}，现在是 {_given(value)}。"
    if kind.startswith(("date_", "datetime_")):
        return f"设置 {name} 应为日期，写作 YYYY-MM-DD（如 2026-02-25）这样的格式，现在是 {_given(value)}。"
    if kind in ("list_type", "tuple_type"):
        return f"设置 {name} 应为列表（如 [\"INBOX\"]），现在是 {_given(value)}。"
    if kind == "model_type" or kind == "dict_type":
        return f"设置 {name} 应为一个表（[{name}] 段），现在是 {_given(value)}。"
    if kind == "value_error":
        return f"设置 {name}：{str(ctx.get('error') or error['msg']).removeprefix('Value error, ')}"
    return f"设置 {name} 无效：{error['msg']}。"


def explain(model: type[BaseModel], exc: ValidationError, where: str) -> ConfigError:
    lines = [sentence(model, e) for e in exc.errors(include_url=False)]
    error = ConfigError(f"{where}有 {len(lines)} 处错误：\n" + "\n".join(f"  - {s}" for s in lines)
                        if len(lines) > 1 else f"{where}：{lines[0]}")
    error.problems = lines
    return error


def resolve_paths(values: dict, keys: tuple[str, ...], base: Path) -> dict:
    """Relative paths in a settings file mean relative to that file (a service has no useful cwd)."""
    out = dict(values)
    for key in keys:
        value = out.get(key)
        if isinstance(value, str) and value and not Path(value).expanduser().is_absolute():
            out[key] = str((base / value).resolve())
        elif isinstance(value, str) and value:
            out[key] = str(Path(value).expanduser())
    return out
