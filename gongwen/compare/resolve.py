"""What a user types, resolved: region names (苏州 = 苏州市), topics and parties (id or Chinese label).
Each failure is a `CompareError` whose message says what would have been accepted."""

from __future__ import annotations

import re

from gongwen.compare.corpus import Corpus, same_region
from gongwen.extract.lexicon import lexicon
from gongwen.models import Region


class CompareError(ValueError):
    """Bad input to a comparison or checklist; the message is meant for the user."""


def resolve_region(name: str, corpus: Corpus) -> Region:
    from gongwen.ingest.regions import resolve

    region = resolve(name)
    known = "、".join(r.label() for r in corpus.regions()) or "none (ingest notices first)"
    if region is None:
        raise CompareError(f"unknown region {name!r}: not a province, city or district name. "
                           f"Regions with notices: {known}")
    own, inherited = corpus.documents_for(region)
    if not own and not inherited:
        raise CompareError(f"no notices for {region.label()} (none of its own, none from a higher level). "
                           f"Regions with notices: {known}")
    return region


def resolve_regions(names: list[str], corpus: Corpus) -> list[Region]:
    """Regions in the order given, each once however it is spelled (苏州, 苏州市)."""
    out: list[Region] = []
    for name in names:
        region = resolve_region(name, corpus)
        if not any(same_region(region, r) for r in out):
            out.append(region)
    return out


def resolve_topic(name: str) -> str:
    """A topic from its id, its label or one part of its label (投保, 参保覆盖)."""
    topics = lexicon().topic_labels
    name = name.strip()
    found = lexicon().topic_id(name) or next((t for t, label in topics.items() if name in label.split("/")), None)
    if found:
        return found
    valid = ", ".join(f"{t} ({label})" for t, label in topics.items())
    raise CompareError(f"unknown topic {name!r}. Valid topics: {valid}")


def resolve_party(name: str) -> str:
    """A party role from its id (insurer), label (保险机构) or any written form (承保机构, 市应急局)."""
    lex = lexicon()
    found = lex.party_id(name)
    if found:
        return found
    valid = ", ".join(f"{r} ({label})" for r, label in lex.party_labels.items())
    raise CompareError(f"unknown party {name!r}. Valid parties: {valid}")


# what may stand between two subjects written together: a join and a short qualifier (、安责险)
_JOIN = re.compile(r"[、和及与]?[^，,。；;：:要应须]{0,4}")


def leading_subjects(sentence: str) -> set[str]:
    """The roles of the parties a sentence opens with, when several are written together
    (各区市应急局、安责险各承保机构要…): the extractor keeps the first as the party."""
    lex = lexicon()
    roles: set[str] = set()
    end = 0
    for m in lex.party_pattern.finditer(sentence):
        gap = sentence[end:m.start()]
        if (end == 0 and len(gap) > 6) or (end > 0 and not _JOIN.fullmatch(gap)):
            break
        roles.add(lex.party_forms[m.group(0)])
        end = m.end()
    return roles
