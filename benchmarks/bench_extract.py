"""Extraction throughput in characters per second, next to the bare tokenizer on the same texts.

    python benchmarks/bench_extract.py [--rounds N]

Texts: every notice in corpus/samples and corpus/devset, read and normalized once before timing.
Bare is spaCy's `zh` tokenizer with the jieba segmenter (`nlp.make_doc`), the floor any spaCy-based
extractor pays. Ours is `gongwen.extract.extract(notice)`: tokenizing, the party EntityRuler, cue
matchers, sentences, obligations with their parameters, contacts and facts. Alternating notice by
notice, `--rounds` times. Writes benchmarks/results/extract.json.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import ROOT, machine, peak_rss_mb, write_result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times every notice is processed by each side")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract.json")
    args = parser.parse_args()

    from gongwen.extract import extract
    from gongwen.extract.nlp import get_nlp
    from gongwen.ingest import iter_files, read_notice

    files = iter_files([ROOT / "corpus" / "samples", ROOT / "corpus" / "devset"])
    notices = [read_notice(f) for f in files]
    nlp = get_nlp()
    extract(notices[0])  # load the lexicons and jieba's dictionary outside the timings

    bare_s = ours_s = 0.0
    obligations = 0
    for _ in range(args.rounds):
        for notice in notices:
            start = time.perf_counter()
            nlp.make_doc(notice.text)
            bare_s += time.perf_counter() - start
            start = time.perf_counter()
            obligations += len(extract(notice).obligations)
            ours_s += time.perf_counter() - start

    chars = sum(len(n.text) for n in notices) * args.rounds
    result = {
        "notices": len(notices),
        "chars_per_round": chars // args.rounds,
        "rounds": args.rounds,
        "bare_spacy_jieba_tokenizer": {"seconds": round(bare_s, 3), "chars_per_s": round(chars / bare_s)},
        "gongwen_extract": {"seconds": round(ours_s, 3), "chars_per_s": round(chars / ours_s),
                            "obligations_per_round": obligations // args.rounds},
        "ratio_ours_over_bare": round(ours_s / bare_s, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "machine": machine(),
    }
    write_result(args.out, result)

    print(f"{'':22}{'chars/s':>10}{'seconds':>9}")
    print(f"{'bare spaCy+jieba':22}{chars / bare_s:10.0f}{bare_s:9.2f}")
    print(f"{'gongwen extract':22}{chars / ours_s:10.0f}{ours_s:9.2f}")
    print(f"ratio ours/bare {ours_s / bare_s:.2f}; {len(notices)} notices, {chars // args.rounds} chars "
          f"× {args.rounds} rounds; {obligations // args.rounds} obligations; peak RSS {peak_rss_mb():.0f} MB")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
