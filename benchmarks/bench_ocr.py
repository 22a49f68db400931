"""OCR speed: bare rapidocr against gongwen's engine on the same scanned pages, in the same run.

    python benchmarks/bench_ocr.py [--pages N] [--fixtures corpus/fixtures]

Bare is `RapidOCR()(image)` with its defaults. Ours is `RapidOcrEngine.read`, which adds seal
removal and line building (deskew, row merge, geometry hints). Models load before timing; the two
run alternately page by page so that machine noise hits both alike. Writes benchmarks/results/ocr.json.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from common import ROOT, machine, peak_rss_mb, relative, write_result

TARGET_RATIO = 1.25


def scan_pages(fixtures: Path, limit: int) -> list[Path]:
    """Scanned fixture pages, taken round-robin over the samples so every sample is represented."""
    per_sample = [sorted(d.glob("page-*.png")) for d in sorted(fixtures.glob("*/scan"))]
    pages: list[Path] = []
    depth = max((len(p) for p in per_sample), default=0)
    for i in range(depth):
        pages.extend(p[i] for p in per_sample if i < len(p))
    if not pages:
        sys.exit(f"no scanned pages under {fixtures}/*/scan/; run python scripts/build_fixtures.py first")
    return pages[:limit]



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10, help="number of scanned pages to time")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "corpus" / "fixtures")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ocr.json")
    args = parser.parse_args()

    from PIL import Image
    from rapidocr import RapidOCR

    from gongwen.ingest.ocr import DET_MAX_SIDE, RapidOcrEngine, build_lines, remove_seals

    paths = scan_pages(args.fixtures, args.pages)
    images = []
    for path in paths:
        with Image.open(path) as image:
            dpi = float((image.info.get("dpi") or (200, 200))[0] or 200)
            images.append((image.convert("RGB"), 72 / dpi))

    bare = RapidOCR()
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)  # its model-loading chatter
    ours = RapidOcrEngine()
    warm = images[0][0]
    bare(warm)  # load the models outside the timings
    ours.read(warm, 1, images[0][1])
    rss_loaded = peak_rss_mb()

    captured: list = []  # the detector boxes of each `read`, to time line building on its own
    detect = ours.pieces

    def capture(image: Image.Image) -> list:
        captured.append(detect(image))
        return captured[-1]

    ours.pieces = capture  # type: ignore[method-assign]

    bare_s = ours_s = seal_s = build_s = 0.0
    lines = 0
    for number, (image, ppp) in enumerate(images, 1):
        start = time.perf_counter()
        bare(image)
        bare_s += time.perf_counter() - start
        start = time.perf_counter()
        lines += len(ours.read(image, number, ppp))
        ours_s += time.perf_counter() - start
        # what `read` adds around the OCR call, timed again on its own
        start = time.perf_counter()
        clean, _ = remove_seals(image, 72 / 25.4 / ppp)
        seal_s += time.perf_counter() - start
        start = time.perf_counter()
        build_lines(captured[-1], number, ppp, clean.size)
        build_s += time.perf_counter() - start

    n = len(images)
    result = {
        "pages": n,
        "image_size": list(images[0][0].size),
        "bare_rapidocr": {"seconds": round(bare_s, 3), "pages_per_s": round(n / bare_s, 3),
                          "s_per_page": round(bare_s / n, 3)},
        "gongwen_read": {"seconds": round(ours_s, 3), "pages_per_s": round(n / ours_s, 3),
                         "s_per_page": round(ours_s / n, 3), "lines": lines},
        "ratio_ours_over_bare": round(ours_s / bare_s, 3),
        "overhead": {"seal_removal_s_per_page": round(seal_s / n, 3), "line_building_s_per_page": round(build_s / n, 4),
                     "share_of_bare": round((seal_s + build_s) / bare_s, 3)},
        "note": f"ours runs detection with the longer side at {DET_MAX_SIDE} px; bare rapidocr detects at "
                "full resolution (its default limit is a minimum side of 736 px)",
        "target_ratio": TARGET_RATIO,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_after_model_load_mb": round(rss_loaded, 1),
        "machine": machine(),
        "pages_used": relative(paths),
    }
    write_result(args.out, result)

    print(f"{'':16}{'pages/s':>9}{'s/page':>9}")
    print(f"{'bare rapidocr':16}{n / bare_s:9.3f}{bare_s / n:9.2f}")
    print(f"{'gongwen read':16}{n / ours_s:9.3f}{ours_s / n:9.2f}")
    print(f"added by read: seal removal {seal_s / n:.3f} s/page, line building {build_s / n * 1000:.1f} ms/page "
          f"({(seal_s + build_s) / bare_s:.1%} of bare)")
    verdict = "ok" if ours_s / bare_s <= TARGET_RATIO else "ABOVE TARGET"
    print(f"ratio ours/bare {ours_s / bare_s:.3f} (target ≤ {TARGET_RATIO}: {verdict}); "
          f"{n} pages; peak RSS {peak_rss_mb():.0f} MB")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
