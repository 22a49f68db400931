"""Text-PDF ingest speed: bare pdfplumber against gongwen's reader on the same files, in the same run.

    python benchmarks/bench_pdf.py [--rounds N] [--fixtures corpus/fixtures]

Bare is `pdfplumber.open(path)` and `page.extract_text()` on every page. Ours is
`gongwen.ingest.read_notice(path)`: the pdfplumber reader (text lines with boxes, garbage check per
page), normalization with the character→page/box map, header, parts and section parsing. The two run
alternately file by file, `--rounds` times, so that machine noise hits both alike.
Writes benchmarks/results/pdf.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import ROOT, machine, peak_rss_mb, relative, write_result

TARGET_RATIO = 1.25



def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="times every file is read by each side")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "corpus" / "fixtures")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "pdf.json")
    args = parser.parse_args()

    from gongwen.ingest import read_notice

    files = sorted(args.fixtures.glob("*/text.pdf"))
    if not files:
        sys.exit(f"no text PDFs under {args.fixtures}/*/; run python scripts/build_fixtures.py first")
    bare_pdfplumber(files[0])  # imports and font caches outside the timings
    read_notice(files[0])

    pages = sum(bare_pdfplumber(f) for f in files)
    bare_s = ours_s = 0.0
    chars = 0
    for _ in range(args.rounds):
        for path in files:
            start = time.perf_counter()
            bare_pdfplumber(path)
            bare_s += time.perf_counter() - start
            start = time.perf_counter()
            notice = read_notice(path)
            ours_s += time.perf_counter() - start
            chars += len(notice.text)
            assert all(p.method == "text" for p in notice.pages), f"{path}: a page went to OCR"

    n = pages * args.rounds
    ratio = ours_s / bare_s
    result = {
        "files": len(files),
        "pages_per_round": pages,
        "rounds": args.rounds,
        "bare_pdfplumber": {"seconds": round(bare_s, 3), "pages_per_s": round(n / bare_s, 2)},
        "gongwen_read_notice": {"seconds": round(ours_s, 3), "pages_per_s": round(n / ours_s, 2),
                                "chars_per_round": chars // args.rounds},
        "ratio_ours_over_bare": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "machine": machine(),
        "files_used": relative(files),
    }
    write_result(args.out, result)

    print(f"{'':20}{'pages/s':>9}{'seconds':>9}")
    print(f"{'bare pdfplumber':20}{n / bare_s:9.2f}{bare_s:9.2f}")
    print(f"{'gongwen read_notice':20}{n / ours_s:9.2f}{ours_s:9.2f}")
    verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(f"ratio ours/bare {ratio:.3f} (target ≤ {TARGET_RATIO}: {verdict}); {len(files)} files, "
          f"{pages} pages × {args.rounds} rounds; peak RSS {peak_rss_mb():.0f} MB")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
