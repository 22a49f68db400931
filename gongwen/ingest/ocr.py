"""OCR for scanned pages: page image → printed lines (`Line`) with boxes, confidence and geometry.

Two things sit between the raw OCR engine and `normalize_lines`:

* **Seal handling** (`remove_seals`). Official documents carry a red seal stamped over the signature
  and date, and a large red issuer header (发文机关标志) on the first page. Red ink over black text
  confuses the recognizer, yet the red header is text we need. So round/square red blobs of seal
  size are dropped out (as a scanner's red drop-out filter would) and every other red mark is made
  dark, to be read like black print.
* **Line building** (`build_lines`). The detector returns text boxes, often several per printed
  line and slightly rotated on a scan. Boxes are deskewed, grouped into rows, joined in x order,
  and each row gets the `full` / `indent` hints that let `normalize_lines` rejoin wrapped lines
  exactly as it does for a text PDF.

Nothing here downloads anything: rapidocr is pointed at the model files inside its own wheel, and
the PaddleOCR engine runs only on models already on disk.
"""

from __future__ import annotations

import importlib.util
import math
import os
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from gongwen.ingest.normalize import Line, is_page_number
from gongwen.models import Box

if TYPE_CHECKING:  # PIL is imported lazily at run time like every heavy library
    from PIL import Image

__all__ = [
    "OcrUnavailable",
    "OcrEngine",
    "RapidOcrEngine",
    "PaddleOcrEngine",
    "TextPiece",
    "get_engine",
    "remove_seals",
    "build_lines",
    "ocr_pages",
    "ENGINES",
]

MM_PER_INCH = 25.4
POINTS_PER_INCH = 72.0

# Geometry hints, in character widths (the same thresholds the text-PDF reader uses).
FULL_SLACK = 1.5
INDENT_MIN = 0.8
# A full line spans at least this share of a portrait page's width: the GB/T 9704 text block is
# 156 of 210 mm (0.74), Word's default A4 margins leave 0.70. Narrower, and the page's widest
# line is something else: a centred title, a list item, a closing line.
MIN_BLOCK_SHARE = 0.68

# Seal shape: GB/T 9704 seals are 35–60 mm across (round or square); a little slack for scans.
SEAL_MIN_MM = 30.0
SEAL_MAX_MM = 66.0
SEAL_ASPECT = (0.75, 1.33)
SEAL_MIN_ENCLOSED = 0.45  # a seal's rim encloses its face: filled area / bounding-box area


class OcrUnavailable(RuntimeError):
    """The requested OCR engine cannot run here (package or model files missing)."""


class OcrEngine(Protocol):
    name: str

    def read(self, image: Image.Image, page: int, points_per_pixel: float) -> list[Line]:
        """The page's printed lines in reading order; boxes in PDF points, origin top-left."""
        ...


# ---- seals and red ink ----------------------------------------------------------------------


def _px_per_mm(image: Image.Image, px_per_mm: float | None) -> float:
    if px_per_mm:
        return px_per_mm
    dpi = image.info.get("dpi")
    if dpi and dpi[0] and float(dpi[0]) > 30:
        return float(dpi[0]) / MM_PER_INCH
    # No resolution recorded: official documents are A4, 210 mm wide.
    return min(image.size) / 210.0


def _redness(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How much red exceeds the stronger of green and blue, and the red channel itself (int16)."""
    r = rgb[..., 0].astype(np.int16)
    other = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    return r - other, r


def _seal_boxes(red_ink: np.ndarray, px_per_mm: float) -> list[tuple[slice, slice]]:
    """Bounding slices (in pixels) of red blobs shaped like a seal: round or square, 35–60 mm, a rim."""
    from scipy import ndimage

    # Work on a coarse grid of ~0.5 mm cells: seals are tens of mm across, so nothing is lost, and
    # the morphology gets cheap. A ~1 mm dilation then reconnects a rim that faint ink, pinholes or
    # JPEG broke into pieces, without fusing a header's characters into anything seal-shaped.
    cell = max(1, round(0.5 * px_per_mm))
    h, w = (red_ink.shape[0] // cell) * cell, (red_ink.shape[1] // cell) * cell
    grid = red_ink[:h, :w].reshape(h // cell, cell, w // cell, cell).any(axis=(1, 3))
    joined = ndimage.binary_dilation(grid, iterations=2)
    labels, _ = ndimage.label(joined)
    mm_per_cell = cell / px_per_mm
    seals: list[tuple[slice, slice]] = []
    for index, region in enumerate(ndimage.find_objects(labels), 1):
        if region is None:
            continue
        h_mm = (region[0].stop - region[0].start) * mm_per_cell
        w_mm = (region[1].stop - region[1].start) * mm_per_cell
        if not (SEAL_MIN_MM <= max(h_mm, w_mm) <= SEAL_MAX_MM):
            continue
        if not (SEAL_ASPECT[0] <= w_mm / h_mm <= SEAL_ASPECT[1]):
            continue
        enclosed = ndimage.binary_fill_holes(labels[region] == index).mean()
        if enclosed >= SEAL_MIN_ENCLOSED:
            seals.append(tuple(slice(sl.start * cell, min(sl.stop * cell, n))  # type: ignore[misc]
                               for sl, n in zip(region, red_ink.shape, strict=False)))
    return seals


def remove_seals(image: Image.Image, px_per_mm: float | None = None) -> tuple[Image.Image, int]:
    """Drop red seals out of a page and darken all other red ink. Returns the image and the seal count.

    Red is "red clearly dominant over green and blue". Inside a seal, a reddish pixel becomes the
    grey of its red channel, scaled so the seal's ink turns white: black text printed under the
    seal is dark in every channel and survives, with its anti-aliased edges. Elsewhere a reddish
    pixel becomes the grey of its green/blue channels, so red header text and rules read as black.
    """
    from PIL import Image as PILImage

    rgb = np.asarray(image.convert("RGB"))
    redness, red = _redness(rgb)
    reddish = redness >= 30  # tolerant: JPEG smears red into pink fringes and dark edges
    if not reddish.any():
        return image.convert("RGB"), 0
    strong = (redness >= 60) & (red >= 110)  # sure red ink: its red level is the seal's ink colour
    seals = _seal_boxes(redness >= 40, _px_per_mm(image, px_per_mm))

    out = rgb.copy()
    gb = ((rgb[..., 1].astype(np.uint16) + rgb[..., 2]) // 2).astype(np.uint8)
    out[reddish] = gb[reddish][:, None]
    for region in seals:
        _drop_out(out[region], rgb[region], reddish[region], strong[region], red[region])
    return PILImage.fromarray(out), len(seals)


def _drop_out(out: np.ndarray, rgb: np.ndarray, reddish: np.ndarray, strong: np.ndarray,
              red: np.ndarray) -> None:
    """Paint one seal's red ink white in place (`out` is a view into the page)."""
    ink = float(np.median(red[strong])) if strong.any() else 255.0
    # The red channel of seal ink over paper is the ink's own red level; scale that to white.
    level = np.clip(red[reddish].astype(np.float32) * (255.0 / max(ink * 0.92, 1.0)), 0, 255)
    out[reddish] = level.astype(np.uint8)[:, None]


# ---- from text boxes to printed lines -------------------------------------------------------


@dataclass
class TextPiece:
    """One box the detector found: its text, score and corner points in pixels."""

    text: str
    score: float
    quad: np.ndarray  # 4×2, clockwise from top-left


@dataclass
class _Row:
    pieces: list[tuple[TextPiece, tuple[float, float, float, float]]] = field(default_factory=list)
    top: float = math.inf
    bottom: float = -math.inf

    def add(self, piece: TextPiece, box: tuple[float, float, float, float]) -> None:
        self.pieces.append((piece, box))
        self.top = min(self.top, box[1])
        self.bottom = max(self.bottom, box[3])

    @property
    def x0(self) -> float:
        return min(b[0] for _, b in self.pieces)

    @property
    def x1(self) -> float:
        return max(b[2] for _, b in self.pieces)


def _skew(pieces: Sequence[TextPiece]) -> float:
    """The page's rotation in radians, from the top edges of wide boxes (0 if unclear)."""
    angles: list[float] = []
    weights: list[float] = []
    for p in pieces:
        (x0, y0), (x1, y1) = p.quad[0], p.quad[1]
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(*(p.quad[3] - p.quad[0]))
        if width > 3 * height and width > 0:
            angles.append(math.atan2(y1 - y0, x1 - x0))
            weights.append(width)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    median = angles[int(order[np.searchsorted(cum, cum[-1] / 2)])]  # width-weighted median
    return median if abs(median) < math.radians(5) else 0.0


def _deskewed_box(quad: np.ndarray, angle: float) -> tuple[float, float, float, float]:
    """Axis-aligned box of the quad after rotating the page back by `angle`."""
    c, s = math.cos(angle), math.sin(angle)
    xs = quad[:, 0] * c + quad[:, 1] * s
    ys = -quad[:, 0] * s + quad[:, 1] * c
    return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())


def _same_row(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Two boxes print on one line if their vertical extents overlap by half the smaller height."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _group_rows(pieces: Sequence[TextPiece], angle: float) -> list[_Row]:
    """Group the boxes of each printed line, in reading order.

    A box joins a row only if it shares the line with every box already there: a tall box (the
    `文件` beside two stacked issuer names) must not chain two lines into one.
    """
    boxed = sorted(((p, _deskewed_box(p.quad, angle)) for p in pieces), key=lambda pb: pb[1][1] + pb[1][3])
    rows: list[_Row] = []
    for piece, box in boxed:
        # rows are in y order, so only the last few can still overlap
        target = next((row for row in reversed(rows[-3:]) if all(_same_row(b, box) for _, b in row.pieces)),
                      None)
        if target is None:
            target = _Row()
            rows.append(target)
        target.add(piece, box)
    rows.sort(key=lambda r: r.top + r.bottom)
    return rows


def _units(text: str) -> float:
    """Printed width of a text in CJK character widths (ASCII is about half a character)."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def _char_width(rows: Sequence[_Row]) -> float:
    """Median character pitch of the page's body text, from box widths over their text length."""
    pitches = []
    for row in rows:
        for piece, box in row.pieces:
            units = _units(piece.text)
            if units >= 6:
                pitches.append((box[2] - box[0]) / units)
    if pitches:
        return statistics.median(pitches)
    heights = [r.bottom - r.top for r in rows]
    return 0.8 * statistics.median(heights) if heights else 1.0


def _row_text(row: _Row, char: float) -> str:
    """Join a row's pieces left to right; a wide gap keeps a space (clean_line drops it beside CJK)."""
    parts: list[str] = []
    last_x1: float | None = None
    for piece, box in sorted(row.pieces, key=lambda pb: pb[1][0]):
        if last_x1 is not None and box[0] - last_x1 > 0.8 * char:
            parts.append(" ")
        parts.append(piece.text.strip())
        last_x1 = box[2] if last_x1 is None else max(last_x1, box[2])
    return "".join(parts)


def _text_block(rows: Sequence[_Row], texts: Sequence[str], size: tuple[int, int]) -> tuple[float, float]:
    """Left and right edges of the page's text block.

    The extremes of the lines that carry text (page numbers and specks left out), not percentiles: on
    a page of short list items the widest lines are rare, and a percentile would call the list items
    full. A page whose widest line covers little of a portrait page has no full line at all (a
    closing page, a list): its right edge is put out of reach rather than at the longest short line.
    """
    body = [r for r, t in zip(rows, texts, strict=True) if _units(t) >= 2 and not is_page_number(t)] or rows
    left = min(r.x0 for r in body)
    right = max(r.x1 for r in body)
    width, height = size
    if height >= 1.2 * width and right - left < MIN_BLOCK_SHARE * width:
        right = math.inf
    return left, right


def build_lines(pieces: Sequence[TextPiece], page: int, points_per_pixel: float,
                size: tuple[int, int]) -> list[Line]:
    """Printed lines from detector boxes: rows in reading order with boxes, confidence and hints."""
    pieces = [p for p in pieces if p.text.strip()]
    if not pieces:
        return []
    angle = _skew(pieces)
    rows = _group_rows(pieces, angle)
    char = _char_width(rows)
    texts = [_row_text(row, char) for row in rows]
    left, right = _text_block(rows, texts, size)
    width, height = size
    lines: list[Line] = []
    for row, text in zip(rows, texts, strict=True):
        quads = np.concatenate([p.quad for p, _ in row.pieces])
        x0, top = np.clip(quads.min(axis=0), 0, None)
        x1, bottom = quads.max(axis=0)
        box = Box(x0=float(x0) * points_per_pixel, top=float(top) * points_per_pixel,
                  x1=float(min(x1, width)) * points_per_pixel,
                  bottom=float(min(bottom, height)) * points_per_pixel)
        chars = [(len(p.text), p.score) for p, _ in row.pieces]
        confidence = sum(n * s for n, s in chars) / max(sum(n for n, _ in chars), 1)
        lines.append(Line(
            text=text,
            page=page,
            box=box,
            confidence=round(float(confidence), 4),
            full=bool(right - row.x1 <= FULL_SLACK * char),
            indent=bool(row.x0 - left > INDENT_MIN * char),
        ))
    return lines


# ---- engines --------------------------------------------------------------------------------


def _rapidocr_model_files() -> dict[str, Path]:
    """The detection, direction and recognition models packaged inside the rapidocr wheel."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        raise OcrUnavailable("rapidocr OCR engine needs the rapidocr package (pip install rapidocr==3.10.0)")
    models = Path(spec.origin).parent / "models"
    files = {
        "Det": models / "PP-OCRv6_det_small.onnx",
        "Cls": models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
        "Rec": models / "PP-OCRv6_rec_small.onnx",
    }
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise OcrUnavailable(f"rapidocr OCR engine: packaged model files missing ({', '.join(missing)}); "
                             "reinstall rapidocr==3.10.0, which ships them in its wheel")
    return files


# rapidocr detects text at full resolution by default (its limit is a *minimum* side of 736 px),
# which on an A4 page at 150–200 dpi is over half the time per page. Body text (16 pt) is still
# ~24 px high with the longer side at 1280 px, plenty for the detector; recognition always works on
# crops of the full-resolution page, so accuracy does not depend on this.
DET_MAX_SIDE = 1280


def rapidocr_params() -> dict[str, Any]:
    """RapidOCR settings: every model pinned to a file on disk (it never tries to download one)."""
    files = _rapidocr_model_files()
    params: dict[str, Any] = {f"{task}.model_path": str(path) for task, path in files.items()}
    params.update({"Global.log_level": "warning", "Det.limit_type": "max", "Det.limit_side_len": DET_MAX_SIDE})
    return params


class RapidOcrEngine:
    """PaddleOCR's PP-OCR models on onnxruntime through rapidocr; the models ship in its wheel."""

    name = "rapidocr"

    def __init__(self) -> None:
        self._ocr: Any = None  # built on first use: loading the models takes about a second

    def _engine(self) -> Any:
        if self._ocr is None:
            params = rapidocr_params()
            try:
                from rapidocr import RapidOCR
            except ImportError as exc:
                raise OcrUnavailable(f"rapidocr OCR engine cannot be imported ({exc})") from exc
            self._ocr = RapidOCR(params=params)
        return self._ocr

    def pieces(self, image: Image.Image) -> list[TextPiece]:
        """Raw detector boxes with their text (no seal handling, no line building)."""
        # A PIL image, not an array: rapidocr takes 3-channel arrays as BGR but converts PIL RGB itself.
        result = self._engine()(image.convert("RGB"))
        if result is None or getattr(result, "boxes", None) is None or not getattr(result, "txts", None):
            return []
        return [TextPiece(str(t), float(s), np.asarray(b, dtype=np.float64))
                for b, t, s in zip(result.boxes, result.txts, result.scores, strict=True)]

    def read(self, image: Image.Image, page: int, points_per_pixel: float) -> list[Line]:
        clean, _ = remove_seals(image, POINTS_PER_INCH / MM_PER_INCH / points_per_pixel)
        return build_lines(self.pieces(clean), page, points_per_pixel, clean.size)


# PaddleOCR 3.x keeps models in PaddleX's cache, one folder per model name.
PADDLE_DET_MODELS = tuple(f"PP-OCRv{v}_{size}_det" for v in (5, 4) for size in ("server", "mobile"))
PADDLE_REC_MODELS = tuple(f"PP-OCRv{v}_{size}_rec" for v in (5, 4) for size in ("server", "mobile"))


def _paddle_model_root() -> Path:
    home = os.environ.get("PADDLE_PDX_CACHE_HOME") or str(Path.home() / ".paddlex")
    return Path(home) / "official_models"


def _paddle_model(root: Path, names: Sequence[str]) -> Path | None:
    for name in names:
        folder = root / name
        if (folder / "inference.yml").is_file():
            return folder
    return None


class PaddleOcrEngine:
    """PaddleOCR itself, only with its package and models already installed (it would download them)."""

    name = "paddle"

    def __init__(self) -> None:
        missing: list[str] = []
        if importlib.util.find_spec("paddleocr") is None:
            missing.append("the paddleocr package is not installed (pip install 'gongwen[paddle]')")
        root = _paddle_model_root()
        self._det = _paddle_model(root, PADDLE_DET_MODELS)
        self._rec = _paddle_model(root, PADDLE_REC_MODELS)
        if self._det is None:
            missing.append(f"no text detection model ({' or '.join(PADDLE_DET_MODELS)}) under {root}")
        if self._rec is None:
            missing.append(f"no text recognition model ({' or '.join(PADDLE_REC_MODELS)}) under {root}")
        if missing:
            raise OcrUnavailable("paddle OCR engine needs the paddleocr package with its models installed "
                                 "locally; " + "; ".join(missing) + ". gongwen never downloads models; "
                                 "use the default engine 'rapidocr', whose models ship in its wheel.")
        self._ocr: Any = None

    def _engine(self) -> Any:
        if self._ocr is None:
            os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")  # no hub probe
            from paddleocr import PaddleOCR

            self._ocr = PaddleOCR(
                text_detection_model_name=self._det.name, text_detection_model_dir=str(self._det),
                text_recognition_model_name=self._rec.name, text_recognition_model_dir=str(self._rec),
                use_doc_orientation_classify=False, use_doc_unwarping=False, use_textline_orientation=False,
            )
        return self._ocr

    def read(self, image: Image.Image, page: int, points_per_pixel: float) -> list[Line]:
        clean, _ = remove_seals(image, POINTS_PER_INCH / MM_PER_INCH / points_per_pixel)
        # PaddleOCR takes BGR arrays like OpenCV.
        results = self._engine().predict(np.ascontiguousarray(np.asarray(clean)[..., ::-1]))
        pieces: list[TextPiece] = []
        for res in results:
            for text, score, poly in zip(res["rec_texts"], res["rec_scores"], res["rec_polys"], strict=True):
                pieces.append(TextPiece(str(text), float(score), np.asarray(poly, dtype=np.float64)))
        return build_lines(pieces, page, points_per_pixel, clean.size)


ENGINES: dict[str, type] = {"rapidocr": RapidOcrEngine, "paddle": PaddleOcrEngine}


_engines: dict[str, OcrEngine] = {}


def get_engine(name: str = "rapidocr") -> OcrEngine:
    """The OCR engine called `name`, one instance per name (models load once and are reused)."""
    if name not in _engines:
        try:
            factory = ENGINES[name]
        except KeyError:
            known = ", ".join(ENGINES)
            raise OcrUnavailable(f"unknown OCR engine {name!r}; known engines: {known}") from None
        _engines[name] = factory()
    return _engines[name]


def ocr_pages(images: Iterable[Image.Image], engine: OcrEngine, points_per_pixel: float) -> list[Line]:
    """OCR a sequence of page images (page numbers from 1) into one list of lines."""
    lines: list[Line] = []
    for number, image in enumerate(images, 1):
        lines.extend(engine.read(image, number, points_per_pixel))
    return lines
