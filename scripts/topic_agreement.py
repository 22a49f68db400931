"""How far two people agree on `topic`: the first reader (the gold annotator of annotations/samples and
devset) against a second reader who labelled the same obligations without seeing the gold or the
extractor's output (annotations/agreement/topic_second_reader.jsonl). Prints raw agreement and
Cohen's kappa per subset: the ceiling that the extractor's topic F1 should be read against.

The disagreements were later adjudicated (annotations/agreement/topic_adjudication.jsonl, rules in
GUIDELINES.md). Adjudication changed some gold topics, so the first reader's label is taken from the
log's `first` wherever an item was adjudicated and from the gold elsewhere: the agreement stays that
of the two independent readers. The script also prints how many labels adjudication changed.

    python scripts/topic_agreement.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "annotations"
AGREEMENT = ANNOTATIONS / "agreement"


def kappa(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """(raw agreement, Cohen's kappa) of (first, second) label pairs."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[t] * second[t] for t in first) / n / n
    return observed, (observed - expected) / (1 - expected)


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def obligations(subset: str) -> list[dict]:
    return [ob for path in sorted((ANNOTATIONS / subset).glob("*.json"))
            for ob in json.loads(path.read_text(encoding="utf-8"))["obligations"]]


def main() -> None:
    second = {row["id"]: row["topic"] for row in read_jsonl(AGREEMENT / "topic_second_reader.jsonl")}
    adjudicated = {row["id"]: row for row in read_jsonl(AGREEMENT / "topic_adjudication.jsonl")}

    print("Agreement of the first reader (gold before adjudication) with the second reader")
    print(f"{'subset':10} {'n':>4} {'agreement':>10} {'kappa':>6}")
    every: list[tuple[str, str]] = []
    for subset in ("samples", "devset"):
        pairs = [(adjudicated[ob["id"]]["first"] if ob["id"] in adjudicated else ob["topic"], second[ob["id"]])
                 for ob in obligations(subset) if ob["id"] in second]
        every += pairs
        print(f"{subset:10} {len(pairs):4} {kappa(pairs)[0]:10.3f} {kappa(pairs)[1]:6.3f}")
    print(f"{'both':10} {len(every):4} {kappa(every)[0]:10.3f} {kappa(every)[1]:6.3f}")

    print()
    print("Adjudication (topic_adjudication.jsonl)")
    print(f"{'subset':10} {'gold':>5} {'adjudicated':>12} {'changed':>8}")
    for subset in ("samples", "devset", "holdout"):
        ids = [ob["id"] for ob in obligations(subset)]
        rows = [adjudicated[i] for i in ids if i in adjudicated]
        changed = sum(row["first"] != row["final"] for row in rows)
        print(f"{subset:10} {len(ids):5} {len(rows):12} {changed:8}")


if __name__ == "__main__":
    main()
