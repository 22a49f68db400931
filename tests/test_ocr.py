"""OCR stage: accuracy on rendered and scanned fixtures, seals, red headers, geometry, offline use.

The fixtures (`corpus/fixtures/<stem>/clean/page-NNN.png`, 150 dpi renders, and `scan/page-NNN.png`,
200 dpi degraded scans with a red seal) are built from `corpus/samples/*.txt` by
`scripts/build_fixtures.py` when missing. OCR runs once per page per session: one engine, results
cached, so every test below shares the same few minutes of OCR.
"""

from __future__ import annotations

import importlib.util
import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from gongwen.ingest.normalize import Line, normalize_lines, normalize_text
from gongwen.ingest.ocr import (
    OcrUnavailable,
    PaddleOcrEngine,
    RapidOcrEngine,
    TextPiece,
    build_lines,
    get_engine,
    ocr_pages,
    remove_seals,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
FIXTURES = ROOT / "corpus" / "fixtures"
STEMS = sorted(p.stem for p in SAMPLES.glob("*.txt"))
DEFAULT_DPI = {"clean": 150, "scan": 200}
MAX_CER = {"clean": 0.01, "scan": 0.03}
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


# ---- fixtures -------------------------------------------------------------------------------


def _fixtures_complete(root: Path) -> bool:
    return all((root / s / kind / "page-001.png").is_file() for s in STEMS for kind in ("clean", "scan"))


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The rendered and scanned pages, built from the samples if any are missing."""
    if not _fixtures_complete(FIXTURES):
        script = ROOT / "scripts" / "build_fixtures.py"
        spec = importlib.util.spec_from_file_location("build_fixtures", script)
        assert spec and spec.loader, "scripts/build_fixtures.py is missing"
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build_all(FIXTURES)
    assert _fixtures_complete(FIXTURES)
    return FIXTURES


@pytest.fixture(scope="session")
def engine() -> RapidOcrEngine:
    found = get_engine("rapidocr")
    assert isinstance(found, RapidOcrEngine)
    return found


def _pages(fixtures: Path, stem: str, kind: str) -> list[Path]:
    return sorted((fixtures / stem / kind).glob("page-*.png"))


def _dpi(image: Image.Image, kind: str) -> float:
    dpi = image.info.get("dpi")
    return float(dpi[0]) if dpi and dpi[0] and dpi[0] > 30 else float(DEFAULT_DPI[kind])


@pytest.fixture(scope="session")
def read_page(engine: RapidOcrEngine) -> Iterator[Callable[[Path, int], list[Line]]]:
    """OCR one fixture page (cached for the session): its lines, numbered `page`."""
    cache: dict[Path, list[Line]] = {}
    seconds: list[float] = []

    def read(path: Path, page: int) -> list[Line]:
        if path not in cache:
            with Image.open(path) as image:
                rgb = image.convert("RGB")
                dpi = _dpi(image, path.parent.name)
            start = time.perf_counter()
            cache[path] = engine.read(rgb, 1, 72 / dpi)
            seconds.append(time.perf_counter() - start)
        return [Line(ln.text, page, ln.box, ln.confidence, ln.full, ln.indent) for ln in cache[path]]

    yield read
    if seconds:
        total = sum(seconds)
        print(f"\nOCR: {len(seconds)} pages in {total:.1f} s ({total / len(seconds):.2f} s/page)")


def _ocr_text(fixtures: Path, read_page: Callable, stem: str, kind: str) -> str:
    lines: list[Line] = []
    for number, path in enumerate(_pages(fixtures, stem, kind), 1):
        lines.extend(read_page(path, number))
    return normalize_lines(lines)[0]


def _expected(stem: str) -> str:
    return normalize_text((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8"))


def edits(text: str, reference: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(text, reference)


def cer(text: str, reference: str) -> float:
    """Character error rate: edit distance over the reference length."""
    return edits(text, reference) / max(len(reference), 1)


# ---- accuracy -------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["clean", "scan"])
def test_character_error_rate(fixtures: Path, read_page: Callable, kind: str) -> None:
    """Every page of every sample: CER at most 1% on clean renders, 3% on degraded scans with a seal."""
    errors = chars = 0
    rows = []
    for stem in STEMS:
        reference = _expected(stem)
        text = _ocr_text(fixtures, read_page, stem, kind)
        rate = cer(text, reference)
        errors += edits(text, reference)
        chars += len(reference)
        rows.append((stem, len(_pages(fixtures, stem, kind)), len(reference), rate))
    total = errors / chars
    print(f"\nCER {kind}:")
    for stem, pages, n, rate in rows:
        print(f"  {stem}  {pages} pages  {n:5d} chars  {rate:6.2%}")
    print(f"  total{'':22}{chars:5d} chars  {total:6.2%}")
    too_high = [(stem, f"{rate:.2%}") for stem, _, _, rate in rows if rate > MAX_CER[kind]]
    assert not too_high, f"{kind} CER above {MAX_CER[kind]:.0%}: {too_high}"
    assert total <= MAX_CER[kind]


def _header_issuers(stem: str) -> list[str]:
    """Issuer names of the red header (发文机关标志): the lines above the document number."""
    paragraphs = _expected(stem).split("\n")
    for i, para in enumerate(paragraphs[:6]):
        if re.search(r"〔(?:19|20)\d\d〕\d+号", para) and len(para) <= 30:
            names = [n for p in paragraphs[:i] for n in re.split(r"文件|\s+", p) if len(n) >= 4]
            return names
    return []


HEADED = [s for s in STEMS if _header_issuers(s)]


@pytest.mark.slow
@pytest.mark.parametrize("stem", HEADED)
def test_red_header_is_read(fixtures: Path, read_page: Callable, stem: str) -> None:
    """The issuer names printed in red at the top of the first scanned page come out as text."""
    first = _pages(fixtures, stem, "scan")[0]
    with Image.open(first) as image:
        top = np.asarray(image.convert("RGB"))[: image.height // 3].astype(np.int16)
    red = (top[..., 0] - np.maximum(top[..., 1], top[..., 2]) > 60).sum()
    assert red > 1000, "the fixture's header is expected to be printed in red"
    text = normalize_lines(read_page(first, 1))[0].replace("\n", "")
    for issuer in _header_issuers(stem):
        assert issuer in text, f"{issuer} not read from the red header of {first}"


# ---- seals ----------------------------------------------------------------------------------


def _red_share(path: Path) -> float:
    """Share of the page that is clearly red ink, at 2 px/mm so that renders and scans compare."""
    with Image.open(path) as image:
        small = image.convert("RGB").resize((420, 594), Image.Resampling.BILINEAR)
    rgb = np.asarray(small).astype(np.int16)
    return float((rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2]) > 60).mean())


@pytest.mark.parametrize("stem", STEMS)
def test_remove_seals_on_scans(fixtures: Path, stem: str) -> None:
    """One seal on the scan page that carries it, none on any other page (red headers included)."""
    scans, cleans = _pages(fixtures, stem, "scan"), _pages(fixtures, stem, "clean")
    # The stamped page is the one whose scan has clearly more red ink than its clean render.
    stamped = [scan for scan, clean in zip(scans, cleans, strict=True)
               if _red_share(scan) - _red_share(clean) > 0.0025]
    assert len(stamped) == 1, f"the fixture should carry exactly one seal, found it on {stamped}"
    for page in scans:
        with Image.open(page) as image:
            _, found = remove_seals(image.convert("RGB"), _dpi(image, "scan") / 25.4)
        assert found == (1 if page in stamped else 0), f"{page.name}: {found} seals"


def _synthetic_page(dpi: int = 200) -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    """A red header, a red rule, black text and a red seal (ring, star, text) stamped over it."""
    mm = dpi / 25.4
    page = Image.new("RGB", (int(210 * mm), int(120 * mm)), "white")
    draw = ImageDraw.Draw(page)
    red = (215, 25, 30)
    header = ImageFont.truetype(FONT, int(14 * mm))
    draw.text((int(30 * mm), int(10 * mm)), "某某市应急管理局文件", fill=red, font=header)
    draw.line([(int(25 * mm), int(30 * mm)), (int(185 * mm), int(30 * mm))], fill=red, width=int(0.7 * mm))
    body = ImageFont.truetype(FONT, int(5.6 * mm))
    draw.text((int(100 * mm), int(84 * mm)), "某某市应急管理局", fill="black", font=body)
    seal = Image.new("RGB", page.size, "white")
    sd = ImageDraw.Draw(seal)
    cx, cy, r = int(125 * mm), int(75 * mm), int(21 * mm)
    sd.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=int(1.2 * mm))
    sd.regular_polygon((cx, cy, int(6 * mm)), 5, fill=red)
    small = ImageFont.truetype(FONT, int(4 * mm))
    sd.text((cx - int(14 * mm), cy - int(16 * mm)), "专用章", fill=red, font=small)
    # Ink multiplies: black under red stays black.
    stamped = (np.asarray(page, np.float32) * np.asarray(seal, np.float32) / 255).astype(np.uint8)
    areas = {
        "header": (int(30 * mm), int(10 * mm), int(170 * mm), int(25 * mm)),
        "ring": (cx + r - int(1 * mm), cy - 3, cx + r, cy + 3),
        "star": (cx - 3, cy - 3, cx + 3, cy + 3),
        "text": (int(100 * mm), int(84 * mm), int(145 * mm), int(91 * mm)),
    }
    return Image.fromarray(stamped), areas


def test_remove_seals_synthetic() -> None:
    """Seal ink turns white, black text under it stays, red header and rule turn dark."""
    image, areas = _synthetic_page()
    before = np.asarray(image.convert("L"))
    out, found = remove_seals(image, 200 / 25.4)
    assert found == 1
    after = np.asarray(out.convert("L"))

    def crop(a: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        return a[box[1]:box[3], box[0]:box[2]]

    assert crop(after, areas["ring"]).min() > 230 and crop(after, areas["star"]).min() > 230
    text_before, text_after = crop(before, areas["text"]), crop(after, areas["text"])
    assert (text_after < 80).sum() >= 0.9 * (text_before < 80).sum()  # the black strokes survive
    rgb = np.asarray(out).astype(np.int16)
    assert (rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2]) > 60).sum() == 0  # no red left
    header = crop(after, areas["header"])
    assert (header < 80).sum() > 0.1 * header.size  # red header strokes are now dark
    _, none = remove_seals(image.crop((0, 0, image.width, int(40 * 200 / 25.4))), 200 / 25.4)
    assert none == 0  # header and rule alone are not seals


# ---- line building --------------------------------------------------------------------------


def _piece(text: str, x0: float, top: float, x1: float, bottom: float, angle_deg: float = 0.0) -> TextPiece:
    quad = np.array([[x0, top], [x1, top], [x1, bottom], [x0, bottom]], dtype=np.float64)
    a = np.radians(angle_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return TextPiece(text, 0.9, quad @ rot.T)


def test_build_lines_merges_rows_and_sets_hints() -> None:
    """Split boxes on one row join in x order; full/indent follow the text block; skew is undone."""
    char = 40.0
    first, second = "一、加强协同。" + "字" * 13, "二、开展服务。" + "字" * 13
    for angle in (0.0, 0.8):
        pieces = [
            _piece("文件", 900, 100, 980, 150, angle),  # a header split in two, listed right to left
            _piece("某某市应急管理局", 300, 102, 860, 148, angle),
            _piece(first, 200 + 2 * char, 200, 200 + 22 * char, 240, angle),
            _piece("字" * 22, 200, 260, 200 + 22 * char, 300, angle),
            _piece("字" * 10 + "。", 200, 320, 200 + 11 * char, 360, angle),
            _piece(second, 200 + 2 * char, 380, 200 + 22 * char, 420, angle),
            _piece("字" * 21, 200, 440, 200 + 21.5 * char, 480, angle),
            _piece("字" * 5, 200, 500, 200 + 5 * char, 540, angle),
        ]
        lines = build_lines(pieces, 3, 0.5, (2000, 2000))
        assert [ln.text for ln in lines][:2] == ["某某市应急管理局 文件", first]
        assert [ln.full for ln in lines[1:]] == [True, True, False, True, True, False]
        assert [ln.indent for ln in lines[1:]] == [True, False, False, True, False, False]
        assert all(ln.page == 3 and ln.confidence == 0.9 for ln in lines)
        assert lines[0].box is not None and lines[0].box.x0 == pytest.approx(150, abs=6)
        text, _ = normalize_lines(lines)
        assert text.split("\n") == [
            "某某市应急管理局文件", first + "字" * 32 + "。", second + "字" * 26,
        ]


def test_build_lines_keeps_stacked_issuers_apart() -> None:
    """A tall `文件` beside two stacked issuer names joins the first line; it does not chain both."""
    pieces = [
        _piece("国家金融监督管理总局烟台监管分局", 100, 190, 860, 240),
        _piece("文件", 900, 110, 1100, 230),
        _piece("烟台市应急管理局", 300, 100, 700, 150),
    ]
    lines = build_lines(pieces, 1, 0.5, (1240, 1754))
    assert [ln.text for ln in lines] == ["烟台市应急管理局 文件", "国家金融监督管理总局烟台监管分局"]


def test_build_lines_page_without_full_lines() -> None:
    """Short list items on an A4 page are not full lines, however alike their lengths."""
    items = [_piece(f"{n}.中国人民财产保险股份有限公司", 230, 500 + 60 * n, 723, 538 + 60 * n) for n in range(1, 7)]
    assert not any(ln.full for ln in build_lines(items, 6, 72 / 150, (1240, 1754)))
    label = _piece("附件", 159, 223, 240, 271)
    title = _piece("温州市数智安责险服务保障中心成员名单", 214, 340, 1037, 396)
    lines = build_lines([label, title, *items], 6, 72 / 150, (1240, 1754))
    assert not any(ln.full for ln in lines[2:])
    text, _ = normalize_lines(lines)
    assert len(text.split("\n")) == 8


@pytest.mark.slow
def test_lines_carry_confidence_and_box(fixtures: Path, read_page: Callable) -> None:
    for stem in STEMS:
        path = _pages(fixtures, stem, "scan")[0]
        with Image.open(path) as image:
            width, height = (v * 72 / _dpi(image, "scan") for v in image.size)
        lines = read_page(path, 1)
        assert len(lines) > 5
        for ln in lines:
            assert ln.confidence is not None and 0.0 < ln.confidence <= 1.0
            assert ln.box is not None
            assert 0 <= ln.box.x0 < ln.box.x1 <= width + 0.01
            assert 0 <= ln.box.top < ln.box.bottom <= height + 0.01
            assert ln.full is not None and ln.indent is not None


# ---- engines --------------------------------------------------------------------------------


def test_paddle_engine_unavailable_says_why() -> None:
    if importlib.util.find_spec("paddleocr") is not None:
        pytest.skip("paddleocr is installed here")
    with pytest.raises(OcrUnavailable, match="paddleocr"):
        get_engine("paddle")
    with pytest.raises(OcrUnavailable, match="paddleocr package is not installed"):
        PaddleOcrEngine()


def test_unknown_engine_lists_known_ones() -> None:
    with pytest.raises(OcrUnavailable, match="rapidocr.*paddle"):
        get_engine("tesseract")


def test_engine_is_cached() -> None:
    assert get_engine() is get_engine("rapidocr")


@pytest.mark.slow
def test_ocr_works_without_network(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh engine loads its models and reads a page with every socket connection refused."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    path = _pages(fixtures, STEMS[0], "clean")[0]
    with Image.open(path) as image:
        top = image.convert("RGB").crop((0, 0, image.width, image.height // 3))
    lines = ocr_pages([top], RapidOcrEngine(), 72 / 150)
    assert lines and any(len(ln.text) >= 5 for ln in lines)
    assert not attempts


# ---- extraction on scans ----------------------------------------------------------------------


def _values(ob) -> tuple:
    from gongwen.evaluate import deadline_key, frequency_key, quantity_keys

    d = ob.model_dump()
    return (ob.party, ob.modality, deadline_key(d["deadline"]), frequency_key(d["frequency"]),
            quantity_keys(d["quantities"]))


@pytest.mark.slow
def test_extraction_from_scans_matches_the_text_version(fixtures: Path, read_page: Callable) -> None:
    """`gongwen extract` on the degraded scans finds the obligations of the text version, within the
    OCR error: each text obligation has a scanned one whose sentence differs by at most 5% of its
    characters, and the matched pairs carry the same party, modality, deadline, frequency, numbers."""
    from rapidfuzz.distance import Levenshtein

    from gongwen.extract import extract
    from gongwen.ingest import build_notice, notice_from_text
    from gongwen.ingest.readers import Document

    total = matched = same = 0
    for stem in STEMS:
        lines = [ln for n, path in enumerate(_pages(fixtures, stem, "scan"), 1) for ln in read_page(path, n)]
        scanned = extract(build_notice(stem, "scan", "image", Document(lines, []))).obligations
        typed = extract(notice_from_text((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8"))).obligations
        for ob in typed:
            total += 1
            best = min(scanned, key=lambda o, t=ob.text: Levenshtein.normalized_distance(o.text, t), default=None)
            if best is not None and Levenshtein.normalized_distance(best.text, ob.text) <= 0.05:
                matched += 1
                same += _values(best) == _values(ob)
    print(f"\nscanned vs text: {matched}/{total} obligations found, {same} with the same values")
    assert matched >= 0.95 * total
    assert same >= 0.95 * matched
