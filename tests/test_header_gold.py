"""Every header field of every sample and forwarded part equals the hand-written gold."""

import json

import pytest
from conftest import ROOT, SAMPLES

from gongwen.evaluate import HEADER_FIELDS, canon, region_key
from gongwen.ingest import read_notice


def _pairs():
    for path in SAMPLES:
        gold = json.loads((ROOT / "annotations" / "samples" / f"{path.stem}.json").read_text(encoding="utf-8"))
        yield path, 0, gold["header"]
        for i, part in enumerate(gold["header"].get("parts", []), 1):
            yield path, i, part


@pytest.mark.parametrize(("path", "index", "gold"), list(_pairs()), ids=lambda v: getattr(v, "stem", str(v))[:3])
def test_header_matches_gold(path, index, gold):
    notice = read_notice(path)
    assert len(notice.parts) > index, f"part {index} not found"
    header = notice.parts[index].header.model_dump()
    for field in HEADER_FIELDS:
        if field not in gold:
            continue
        want, got = canon(gold[field]), header[field]
        if field == "region":
            want, got = region_key(want), region_key(got)
        assert got == want, f"{path.stem} part {index} {field}: {got!r} != {want!r}"


def test_forwarding_notice_has_two_parts_with_their_own_print_dates():
    notice = read_notice(SAMPLES[0])
    assert [p.header.doc_number for p in notice.parts] == ["烟应急〔2023〕72号", "鲁应急字〔2023〕92号"]
    assert [p.header.printed_on for p in notice.parts] == ["2023-09-14", "2023-08-15"]
    assert notice.parts[0].end == notice.parts[1].start
