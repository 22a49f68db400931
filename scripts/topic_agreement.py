"""How far two people agree on `topic`: the gold (annotations/samples, devset) against a second
reader who labelled the same obligations without seeing the gold or the extractor's output
(annotations/agreement/topic_second_reader.jsonl). Prints raw agreement and Cohen's kappa per
subset: the ceiling that the extractor's topic F1 should be read against.

    python scripts/topic_agreement.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "annotations"


def kappa(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """(raw agreement, Cohen's kappa) of (first, second) label pairs."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[t] * second[t] for t in first) / n / n
    return observed, (observed - expected) / (1 - expected)


def main() -> None:
    second = {}
    with open(ANNOTATIONS / "agreement" / "topic_second_reader.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            second[row["id"]] = row["topic"]
    print(f"{'subset':10} {'n':>4} {'agreement':>10} {'kappa':>6}")
    every: list[tuple[str, str]] = []
    for subset in ("samples", "devset"):
        pairs = [(ob["topic"], second[ob["id"]])
                 for path in sorted((ANNOTATIONS / subset).glob("*.json"))
                 for ob in json.loads(path.read_text(encoding="utf-8"))["obligations"] if ob["id"] in second]
        every += pairs
        print(f"{subset:10} {len(pairs):4} {kappa(pairs)[0]:10.3f} {kappa(pairs)[1]:6.3f}")
    print(f"{'both':10} {len(every):4} {kappa(every)[0]:10.3f} {kappa(every)[1]:6.3f}")


if __name__ == "__main__":
    main()
