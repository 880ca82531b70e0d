"""argparse's own words in Vietnamese: "usage", "options", its error messages.

argparse looks each of them up through gettext at the moment it prints; the city's
machines have no Vietnamese catalogue for it, so the lookup is given this table instead.
"""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tuỳ chọn",
    "optional arguments": "tuỳ chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ (cần %(type)s): %(value)r",
    "expected one argument": "cần một giá trị",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "tuỳ chọn chưa rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
}


def integer(text: str) -> int:
    return int(text)


def number(text: str) -> float:
    return float(text.replace(",", "."))


# argparse names a type by its function's name in "giá trị không hợp lệ (cần …)"
integer.__name__ = "số nguyên"
number.__name__ = "số"


def vietnamese(text: str) -> str:
    return WORDS.get(text, text)


def install() -> None:
    """Make argparse speak Vietnamese; its type names too ("invalid int value")."""
    argparse._ = vietnamese  # argparse calls its module-level _() at print time
    argparse.ngettext = lambda singular, plural, n: vietnamese(singular if n == 1 else plural)


class Formatter(argparse.HelpFormatter):
    """Defaults shown in Vietnamese after each option's help."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        shown = action.default not in (None, False, argparse.SUPPRESS)
        if shown and "%(default)" not in text and action.option_strings and action.nargs != 0:
            text += " (mặc định: %(default)s)"
        return text
