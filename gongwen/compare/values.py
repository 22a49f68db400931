"""An obligation's comparable values, each with the clause it stands in.

The extractor's deadline, frequency and quantities become `Value`s. A few values notices write as
words are read here too (全覆盖 as a rate of 100%, 依法处罚 as a sanction with no amount, 一次 as
a one-off count): the words are in `lexicons/duties.yaml`. The clause around a value is what
decides which duty it belongs to: `每年年初报…备案审查，为所有投保企业提供…服务` has a yearly
filing, not a yearly service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from gongwen.compare.models import Value
from gongwen.models import Deadline, Obligation

_BOUNDARY = "，,；;。：:！？"


@dataclass(frozen=True)
class Reading:
    value: Value
    context: str  # the clause the value stands in, where a duty's `value_cues` are looked for
    derived: bool = False  # read here from words, not given by the extractor


@lru_cache(maxsize=1)
def duties_lexicon() -> dict:
    text = resources.files("gongwen.lexicons").joinpath("duties.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def clause_around(text: str, start: int, end: int) -> str:
    """The clause holding `text[start:end]`; when the value closes its clause (`应在…3个月内，`),
    the next clause too, which says what must be done by then."""
    a = max(text.rfind(c, 0, start) for c in _BOUNDARY) + 1
    b = _next_boundary(text, end)
    if not text[end:b].strip() and b < len(text):
        b = _next_boundary(text, b + 1)
    return text[a:b]


def _next_boundary(text: str, pos: int) -> int:
    found = [i for c in _BOUNDARY if (i := text.find(c, pos)) >= 0]
    return min(found) if found else len(text)


def _context(text: str, written: str | None, nth: int = 0) -> str:
    """The clause around the `nth` occurrence of `written` in `text` (the sentence if not found)."""
    if not written:
        return text
    start = -1
    for _ in range(nth + 1):
        start = text.find(written, start + 1)
        if start < 0:
            return text
    return clause_around(text, start, start + len(written))


def _duration(deadline: Deadline) -> str | None:
    d = deadline.duration
    if isinstance(d, dict):
        days = d.get("working_days")
        return f"{days}WD" if days is not None else None
    return d


def readings(o: Obligation) -> list[Reading]:
    """Every comparable value of an obligation, in the order they are written."""
    text = o.text
    lex = duties_lexicon()["readers"]
    out: list[Reading] = []
    if o.frequency and o.frequency.per:
        f = o.frequency
        out.append(Reading(Value(kind="frequency", per=f.per, count=f.min_count, text=f.text),
                           _context(text, f.text)))
    d = o.deadline
    if d.kind == "date" and d.date:
        out.append(Reading(Value(kind="date", date=d.date, text=d.text or ""), _context(text, d.text)))
    elif d.kind == "relative" and _duration(d):
        out.append(Reading(Value(kind="period", duration=_duration(d), anchor=d.anchor, text=d.text or ""),
                           _context(text, d.text)))
    seen: dict[str, int] = {}
    money = [q for q in o.quantities if q.kind == "money"]
    for q in o.quantities:
        nth = seen.get(q.text, 0)
        seen[q.text] = nth + 1
        if q.kind == "ratio":
            if (q.of or "").endswith("率"):  # 投保率100%: a rate, named by what it is a rate of
                out.append(Reading(Value(kind="rate", min=q.min, max=q.max, of=q.of, text=q.text), q.of or ""))
            else:
                out.append(Reading(Value(kind="ratio", min=q.min, max=q.max, of=q.of, text=q.text),
                                   _context(text, q.text, nth)))
        elif q.kind == "count" and (q.unit or "") not in lex["ignore_count_units"]:
            out.append(Reading(Value(kind="count", min=q.min, max=q.max, text=q.text), _context(text, q.text, nth)))
    if money:
        out.append(Reading(Value(kind="money", ranges=[(q.min, q.max) for q in money],
                                 text="；".join(q.text for q in money)), text))
    elif any(w in text for w in lex["sanction"]):
        word = next(w for w in lex["sanction"] if w in text)
        out.append(Reading(Value(kind="money", unspecified=True, text=word), text, derived=True))
    out += _full_coverage(text, lex)
    if not any(r.value.kind == "count" for r in out):
        out += _once(o, lex)
    return out


def _full_coverage(text: str, lex: dict) -> list[Reading]:
    """全覆盖 / 应保尽保 as a rate of 100%, one per thing covered (投保及…服务全覆盖 covers two)."""
    out = []
    words = lex["full_coverage"]
    for word in words["self"]:
        if word in text:  # the word itself says what is covered
            out.append(Reading(Value(kind="rate", min=1.0, max=1.0, text=word), word, derived=True))
    joins = "|".join(map(re.escape, lex["coverage_joins"]))
    for word in words["before"]:
        for m in re.finditer(re.escape(word), text):
            start = max(text.rfind(c, 0, m.start()) for c in _BOUNDARY) + 1
            for covered in re.split(joins, text[start:m.start()]):
                if covered.strip():
                    out.append(Reading(Value(kind="rate", min=1.0, max=1.0, text=word), covered + word, derived=True))
    return out


def _once(o: Obligation, lex: dict) -> list[Reading]:
    """A one-off `一次` outside the frequency (组织开展一次帮扶行动) as a count of 1."""
    text = o.text
    skip = (-1, -1)
    if o.frequency and o.frequency.text and (i := text.find(o.frequency.text)) >= 0:
        skip = (i, i + len(o.frequency.text))
    out = []
    for word in lex["once"]:
        for m in re.finditer(re.escape(word), text):
            if skip[0] <= m.start() < skip[1]:
                continue
            out.append(Reading(Value(kind="count", min=1.0, max=1.0, text=word),
                               clause_around(text, m.start(), m.end()), derived=True))
    return out
