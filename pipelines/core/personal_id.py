"""Vietnamese personal identification numbers (số định danh cá nhân, 12 digits).

Digits 1-3: province (or country) of birth registration; digit 4: century and
gender (0/1 = male/female born 1900-1999, 2/3 = 2000-2099, 4/5 = 2100-2199 ...);
digits 5-6: the last two digits of the birth year; digits 7-12: a sequence.
Old 9-digit identity card numbers carry none of this and are not errors.
"""

from __future__ import annotations

import datetime as dt


def agrees_with(personal_id: str | None, birth: dt.date | None, gender: str | None) -> bool | None:
    """True/False when the number can be checked against birth year and gender, else None."""
    if not personal_id or len(personal_id) != 12 or not personal_id.isdigit() or birth is None:
        return None
    code = int(personal_id[3])
    century = 1900 + 100 * (code // 2)
    if century + int(personal_id[4:6]) != birth.year:
        return False
    if gender in ("Nam", "Nữ"):
        return (code % 2 == 1) == (gender == "Nữ")
    return True


def mask(personal_id: object) -> str | None:
    """ "044062008115" → "044*******15": enough for the sender to find the row."""
    if personal_id is None:
        return None
    text = str(personal_id)
    return text[:3] + "*" * max(len(text) - 5, 0) + text[-2:] if len(text) > 5 else "*" * len(text)
