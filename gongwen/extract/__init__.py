"""Notice → obligations, contacts and facts."""

from __future__ import annotations

from gongwen.models import Extraction, Notice


def extract(notice: Notice) -> Extraction:
    from gongwen.extract.pipeline import extract_notice

    return extract_notice(notice)
