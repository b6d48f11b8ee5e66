"""argparse in Chinese: its own texts (usage, section titles, every error it raises) translated.

argparse looks each text up through the module's `_` and `ngettext` (gettext) at the moment it needs
it; `ChineseParser` puts a Chinese table in their place only while one of its own methods runs, so
nothing else in the process (pytest's own parser, a library's) is touched."""
from __future__ import annotations

import argparse
import contextlib

TEXTS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示这段说明后退出",
    "subcommands": "命令",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "unexpected option string: %s": "不应出现的选项：%s",
    "invalid %(type)s value: %(value)r": "%(type)s 类型的值无效：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r 被忽略",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开 %(filename)s：%(error)s",
    "%r is not callable": "%r 不可调用",
    "cannot have multiple subparser arguments": "只能有一组子命令",
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): "后面需要 %s 个值",
    ("conflicting option string: %s", "conflicting option strings: %s"): "选项冲突：%s",
}


def translate(message: str) -> str:
    return TEXTS.get(message, message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    return PLURALS.get((singular, plural), singular if n == 1 else plural)


@contextlib.contextmanager
def chinese():
    """argparse's texts in Chinese for the length of the block."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = translate, ntranslate
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class ChineseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Chinese (its subcommands are of the same class)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseFormatter)
        with chinese():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with chinese():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with chinese():
            return super().format_usage()

    def format_help(self):
        with chinese():
            return super().format_help()

    def error(self, message):
        with chinese():
            self.print_usage(argparse._sys.stderr)
            self.exit(2, translate("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})

