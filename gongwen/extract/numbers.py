"""Numbers as notices write them: Arabic, Chinese numerals (三个月, 二十万元), 万/亿 multipliers.

cn2an converts only the number spans found here, never whole sentences (it rewrites 统一 → 统1).
"""

from __future__ import annotations

import re
from functools import lru_cache

CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万亿"
NUMBER = rf"(?:\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+)"
_MULTIPLIER = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}


@lru_cache(maxsize=4096)
def to_number(text: str) -> float | None:
    """`3` → 3, `三` → 3, `二十` → 20, `两` → 2, `1.5` → 1.5, `十万` → 100000."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if not all(ch in CN_NUM_CHARS for ch in text):
        return None
    import cn2an

    try:
        return float(cn2an.cn2an(text.replace("两", "二"), "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def scaled(number: str, multiplier: str | None) -> float | None:
    """`10` with `万` → 100000; `二十万` is read whole by `to_number`."""
    value = to_number(number)
    if value is None:
        return None
    return value * _MULTIPLIER.get(multiplier or "", 1)


def as_int(value: float | None) -> int | None:
    return int(value) if value is not None and float(value).is_integer() else None


def clean_number_text(text: str) -> str:
    return re.sub(r"\s+", "", text)
