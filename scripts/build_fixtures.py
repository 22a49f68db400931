"""Build the test fixtures of every sample notice: the same notice in every format gongwen reads.

For each `corpus/samples/<stem>.txt` this writes `corpus/fixtures/<stem>/`:

    text.pdf            A4 red-header official document laid out after GB/T 9704-2012, embedded font
    clean/page-NNN.png  text.pdf rendered at 150 dpi
    scan/page-NNN.png   a degraded scan at 200 dpi (tilt, noise, blur, JPEG artefacts, red seal)
    scan.pdf            the scan pages as JPEG images only, no text layer
    notice.docx         one Word paragraph per paragraph
    notice.html         the notice inside a government web page (menus, sidebars, footer)
    notice.ofd          OFD (GB/T 33190) with a real text layer, same line layout as text.pdf
    notice.gbk.txt      the raw sample encoded in GB18030

Every format renders the *normalized* text (one paragraph per line), so a test can compare what a
reader gets back with `normalize_text(sample)`. The printed layout follows the rule the readers
use to rejoin wrapped lines: a non-final line fills the text block to the right margin (filled
with characters at their real widths, then justified as Word does, keeping 避头尾 and numbers
whole) and a continuation line starts at the left margin; any other line starts a paragraph.

The output is deterministic (fixed seeds, fixed dates and zip timestamps), so CI can regenerate it:

    python scripts/build_fixtures.py [--out corpus/fixtures] [--only STEM] [--check]
"""

from __future__ import annotations

import argparse
import enum
import hashlib
import html
import io
import itertools
import math
import os
import re
import shutil
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

from gongwen.ingest.normalize import normalize_text  # noqa: E402

SAMPLES = ROOT / "corpus" / "samples"
DEFAULT_OUT = ROOT / "corpus" / "fixtures"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT_NAME = "WenQuanYiZenHei"
OFD_FONT_NAME = "WenQuanYi Zen Hei"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip entries and document dates: byte-identical rebuilds

# ---- page geometry (GB/T 9704-2012), in PDF points, origin top-left -----------------------

PT_PER_MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * PT_PER_MM, 297 * PT_PER_MM
LEFT, TOP = 28 * PT_PER_MM, 37 * PT_PER_MM
BLOCK_W, BLOCK_H = 156 * PT_PER_MM, 225 * PT_PER_MM
RIGHT, BOTTOM = LEFT + BLOCK_W, TOP + BLOCK_H
BODY_SIZE = 16.0  # 三号
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
# 28 16-pt characters are 158 mm, 2 mm wider than the block: like Word's character grid we
# tighten the tracking so that exactly 28 full-width characters fill a line.
TRACKING = (BLOCK_W - CHARS_PER_LINE * BODY_SIZE) / (CHARS_PER_LINE - 1) / BODY_SIZE  # × font size
CHAR = BODY_SIZE * (1 + TRACKING)  # one cell of the 28-character grid
PITCH = BLOCK_H / LINES_PER_PAGE
EPS = 0.01
ASCENT = 0.8  # of the font size, WenQuanYi Zen Hei (descent 0.2)
RED = (0.9, 0.0, 0.07)
BLACK = (0.0, 0.0, 0.0)

CLEAN_DPI, SCAN_DPI = 150, 200
SEAL_RADIUS_MM = 21
SEAL_RGB = np.array([218, 30, 36], dtype=np.float32)
SEAL_ALPHA = 0.8


# ---- paragraph roles --------------------------------------------------------------------------


class Role(enum.StrEnum):
    ISSUER = "issuer"  # 发文机关标志, red
    DOC_NUMBER = "doc_number"  # 发文字号
    CENTRED = "centred"  # co-issuers printed between number and title
    TITLE = "title"
    SUBTITLE = "subtitle"  # （征求意见稿）
    ADDRESSEE = "addressee"  # 主送机关, flush left
    BODY = "body"
    ANNEX_ITEM = "annex_item"  # 2.xxx under 附件：1.xxx, aligned with the first name
    SIGNATURE = "signature"
    DATE = "date"
    ANNEX_LABEL = "annex_label"  # 附件 on the attachment's first page
    ANNEX_TITLE = "annex_title"


@dataclass(frozen=True)
class Para:
    text: str
    role: Role
    new_page: bool = False


_PUNCT = re.compile(r"[，。；：、,;:（）()《》“”\"！？]")
DOC_NUMBER = re.compile(r"〔\d{4}〕\d+号")
DATE_AT_END = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:印发)?$")
ANY_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
TITLE_END = re.compile(r"(?:通知|意见|办法|通报|方案)(?:（[^（）]{1,10}）)*$")
PARENTHESIZED = re.compile(r"（[^（）]{1,12}）")
ANNEX_LABEL = re.compile(r"附件\d*")
LIST_ITEM = re.compile(r"\d{1,2}[.．]")
ORG_ENDINGS = (*"局厅委部会办室处院队府司行所组站社", "中心", "文件")
SIGNATURE_WINDOW = 12  # signature and date are among the last paragraphs


def is_issuer(text: str) -> bool:
    """An issuer name or the 文件 of a red header: short, no punctuation, an organization's ending."""
    return len(text) <= 30 and not _PUNCT.search(text) and text.endswith(ORG_ENDINGS)


def is_doc_number(text: str) -> bool:
    return len(text) <= 30 and DOC_NUMBER.search(text) is not None


def is_title(text: str) -> bool:
    return len(text) <= 90 and (text.startswith("关于") or TITLE_END.search(text) is not None)


def classify(paragraphs: list[str]) -> list[Para]:
    """The role of every paragraph, which decides how each format prints it."""
    roles = [Role.BODY] * len(paragraphs)
    new_page: set[int] = set()
    i = _mark_front(paragraphs, roles, 0)
    while i < len(paragraphs):
        # a forwarded document (转发) brings its own red header: it starts on a new page
        if _starts_header(paragraphs, i):
            new_page.add(i)
            i = _mark_front(paragraphs, roles, i)
        else:
            i += 1
    _mark_signatures(paragraphs, roles)
    _mark_annexes(paragraphs, roles, new_page)
    return [Para(text, roles[k], k in new_page) for k, text in enumerate(paragraphs)]


def _starts_header(paragraphs: list[str], i: int) -> bool:
    j = i
    while j < len(paragraphs) and is_issuer(paragraphs[j]):
        j += 1
    return j > i and j < len(paragraphs) and is_doc_number(paragraphs[j])


def _mark_front(paragraphs: list[str], roles: list[Role], start: int) -> int:
    """Issuer lines, document number, title, subtitle and addressee from `start`; the index after."""
    n, i = len(paragraphs), start
    while i < n and is_issuer(paragraphs[i]):
        roles[i] = Role.ISSUER
        i += 1
    if i < n and is_doc_number(paragraphs[i]):
        roles[i] = Role.DOC_NUMBER
        i += 1
    title_at = next((j for j in range(i, min(i + 4, n)) if is_title(paragraphs[j])), None)
    if title_at is None or not all(is_issuer(paragraphs[j]) for j in range(i, title_at)):
        return i
    for j in range(i, title_at):
        roles[j] = Role.CENTRED
    roles[title_at] = Role.TITLE
    i = title_at + 1
    while i < n and PARENTHESIZED.fullmatch(paragraphs[i]):
        roles[i] = Role.SUBTITLE
        i += 1
    if i < n and paragraphs[i].endswith("："):
        roles[i] = Role.ADDRESSEE
        i += 1
    return i


def _mark_signatures(paragraphs: list[str], roles: list[Role]) -> None:
    for k in range(max(0, len(paragraphs) - SIGNATURE_WINDOW), len(paragraphs)):
        if roles[k] is Role.BODY and len(paragraphs[k]) <= 40 and DATE_AT_END.search(paragraphs[k]):
            roles[k] = Role.DATE
            if k and roles[k - 1] is Role.BODY and is_issuer(paragraphs[k - 1]):
                roles[k - 1] = Role.SIGNATURE


def _mark_annexes(paragraphs: list[str], roles: list[Role], new_page: set[int]) -> None:
    for k, text in enumerate(paragraphs):
        if roles[k] is not Role.BODY:
            continue
        if ANNEX_LABEL.fullmatch(text):
            roles[k] = Role.ANNEX_LABEL
            new_page.add(k)
            nxt = k + 1
            if nxt < len(paragraphs) and len(paragraphs[nxt]) <= 40 and not LIST_ITEM.match(paragraphs[nxt]):
                roles[nxt] = Role.ANNEX_TITLE
        elif text.startswith("附件：") and LIST_ITEM.match(text, 3):
            nxt = k + 1
            while nxt < len(paragraphs) and LIST_ITEM.match(paragraphs[nxt]) and roles[nxt] is Role.BODY:
                roles[nxt] = Role.ANNEX_ITEM
                nxt += 1


@dataclass(frozen=True)
class NoticeInfo:
    title: str
    issuer: str
    date: str  # YYYY-MM-DD


def notice_info(paras: list[Para]) -> NoticeInfo:
    """Title, issuer and date for metadata, the web page and the seal."""
    title = next((p.text for p in paras if p.role is Role.TITLE), paras[0].text)
    issuer = _issuer(paras, title)
    dates = [m for p in paras for m in ANY_DATE.finditer(p.text)]
    dated = [p for p in paras if p.role is Role.DATE]
    m = DATE_AT_END.search(dated[-1].text) if dated else (dates[-1] if dates else None)
    date = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else "2023-06-01"
    return NoticeInfo(title, issuer, date)


def _issuer(paras: list[Para], title: str) -> str:
    for p in paras:
        if p.role is Role.ISSUER and p.text.split("文件")[0]:
            return p.text.split("文件")[0]
    for p in paras:
        if p.role is Role.SIGNATURE:
            return p.text
    prefix = title.split("关于")[0] if "关于" in title else ""
    if len(prefix) >= 2:
        return prefix if prefix.endswith(ORG_ENDINGS) else prefix + "人民政府"
    return "市应急管理局"


# ---- font ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(FONT_NAME, FONT_PATH, subfontIndex=0)  # a TTFont is embedded (subset) in the PDF
    pdfmetrics.registerFont(font)
    return font


@lru_cache(maxsize=4096)
def glyph_width(ch: str) -> float:
    """Advance width of `ch` in em."""
    return _font().stringWidth(ch, 1000) / 1000


def missing_glyphs(text: str) -> list[str]:
    covered = _font().face.charToGlyph
    return sorted({ch for ch in text if ord(ch) not in covered and not ch.isspace()})


# ---- layout ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    size: float = BODY_SIZE
    color: tuple[float, float, float] = BLACK
    align: str = "left"  # left | centre | right | anchor (centred on the date below, 署名)
    indent: float = 0.0  # first-line indent, in grid characters
    bold: bool = False
    hscale: float = 1.0  # horizontal glyph scaling, for long red headers
    line_height: float = PITCH
    inset: float = 0.0  # right-aligned lines: characters kept free at the right margin

    def advance(self, ch: str) -> float:
        return (glyph_width(ch) + TRACKING) * self.size * self.hscale

    def ink(self, ch: str) -> float:
        """Width of the glyph itself: what must fit before the margin."""
        return glyph_width(ch) * self.size * self.hscale

    def width(self, text: str) -> float:
        return sum(self.advance(ch) for ch in text[:-1]) + self.ink(text[-1]) if text else 0.0


STYLES: dict[Role, Style] = {
    Role.ISSUER: Style(size=30, color=RED, align="centre", bold=True, line_height=42),
    Role.DOC_NUMBER: Style(align="centre"),
    Role.CENTRED: Style(align="centre"),
    Role.TITLE: Style(size=22, align="centre", bold=True, line_height=34),
    Role.SUBTITLE: Style(align="centre"),
    Role.ADDRESSEE: Style(),
    Role.BODY: Style(indent=2),
    Role.ANNEX_ITEM: Style(indent=5),  # 2 + len("附件：")
    Role.SIGNATURE: Style(align="anchor"),
    Role.DATE: Style(align="right", inset=4),  # 成文日期右空四字
    Role.ANNEX_LABEL: Style(),
    Role.ANNEX_TITLE: Style(size=22, align="centre", bold=True, line_height=34),
}
PAGE_NUMBER_STYLE = Style(size=14)
MIN_HSCALE = 0.6  # red headers are condensed before they are made smaller
RULE_GAP = 4 * PT_PER_MM  # red rule 4 mm under the document number


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float  # left edge, pt from the page's left
    baseline: float  # pt from the page's top
    style: Style
    role: Role | None  # None: page number
    spacing: float = 0.0  # pt added to every advance: justification of a wrapped line

    def advance(self, ch: str) -> float:
        return self.style.advance(ch) + self.spacing

    @property
    def width(self) -> float:
        return self.style.width(self.text) + self.spacing * (len(self.text) - 1)

    @property
    def top(self) -> float:
        return self.baseline - ASCENT * self.style.size

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.top + self.style.size / 2


@dataclass
class Page:
    number: int
    lines: list[TextLine] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)  # red rules, y in pt from the top


def style_for(para: Para) -> Style:
    style = STYLES[para.role]
    if para.role is Role.ISSUER:  # condense, then shrink, so the header stays on one line
        room = BLOCK_W - 2 * CHAR
        natural = style.width(para.text)
        if natural > room:
            hscale = max(MIN_HSCALE, room / natural)
            size = style.size * min(1.0, room / (natural * hscale))
            style = replace(style, hscale=hscale, size=size, line_height=max(PITCH, 1.4 * size))
    return style


class Slot(NamedTuple):
    """A printed line of a paragraph before pagination."""

    text: str
    x: float  # left edge
    spacing: float = 0.0


OPENERS = frozenset("（《「『【〔〈“‘([")
CLOSERS = frozenset("，。、；：？！）》」』】〕〉”’,.;:?!)]%")
_WORD = re.compile(r"[A-Za-z0-9@._\-/]")
MAX_SQUEEZE = 1.25  # pt per gap taken out to pull closing punctuation onto a line
MAX_STRETCH = 2.0  # pt per gap added; pdfplumber reads a gap of over 3 pt as a space


def can_break(text: str, i: int) -> bool:
    """Whether a line may end before text[i]: never before a closing mark or after an opening one
    (避头尾), nor inside a number, an e-mail address or a dash."""
    a, b = text[i - 1], text[i]
    in_word = bool(_WORD.match(a) and _WORD.match(b))
    return not (b in CLOSERS or a in OPENERS or in_word or a == b == "—" or a == b == "…")


def wrap(text: str, style: Style, first_x: float, x: float = LEFT) -> list[Slot]:
    """Justified lines (两端对齐), as Word and WPS print a notice: every line but the last is filled
    with characters at their real widths, then spread or squeezed to end exactly at the right
    margin; continuation lines start at the left margin."""
    out: list[Slot] = []
    start, left = 0, first_x
    while True:
        fill = _fill(text, start, left, style)
        if fill >= len(text):
            return [*out, Slot(text[start:], left)]
        cut, spacing = _break(text, start, fill, left, style)
        out.append(Slot(text[start:cut], left, spacing))
        if cut >= len(text):
            return out
        start, left = cut, x


def _fill(text: str, start: int, left: float, style: Style) -> int:
    """End of the characters from `start` that fit before the right margin at their real widths."""
    pen, i = left, start
    while i < len(text) and (i == start or pen + style.ink(text[i]) <= RIGHT + EPS):
        pen += style.advance(text[i])
        i += 1
    return i


def _break(text: str, start: int, fill: int, left: float, style: Style) -> tuple[int, float]:
    """Where the line ends and the spacing that makes it reach the margin: at the fill point if a
    break is allowed there, else with up to two more characters squeezed in (a closing mark), else
    with the last characters pushed to the next line."""
    for cut in (fill, fill + 1, fill + 2, *range(fill - 1, start + 1, -1)):
        if cut > len(text) or (cut < len(text) and not can_break(text, cut)):
            continue
        spacing = (RIGHT - left - style.width(text[start:cut])) / (cut - start - 1)
        if -MAX_SQUEEZE <= spacing <= MAX_STRETCH:
            return cut, spacing
    return fill, 0.0


def place(text: str, style: Style, anchor: float | None = None) -> list[Slot]:
    """Printed lines of one paragraph with their left edges.

    A centred or right-aligned line keeps at least one character free at the left margin, so it
    never looks like a full line; if it does not fit that way it is wrapped like body text."""
    if style.align == "left":
        return wrap(text, style, LEFT + style.indent * CHAR)
    width = style.width(text)
    candidates: list[float]
    if style.align == "centre":
        candidates = [LEFT + (BLOCK_W - width) / 2]
    elif style.align == "anchor" and anchor is not None:
        candidates = [min(anchor - width / 2, RIGHT - width)]
    else:
        candidates = [RIGHT - inset * CHAR - width for inset in (style.inset, 2, 0) if inset <= style.inset]
    for x in candidates:
        if x >= LEFT + CHAR - EPS and x + width <= RIGHT + EPS:
            return [Slot(text, x)]
    return wrap(text, style, LEFT)


def _gap(prev: Role | None, role: Role) -> float:
    """Blank space before a paragraph, after the paragraph of role `prev` on the same page."""
    if prev is None:
        return 0.0
    if role is Role.DOC_NUMBER:
        return PITCH
    if role is Role.TITLE:
        return PITCH if prev in (Role.DOC_NUMBER, Role.CENTRED, Role.ISSUER) else 0.0
    if prev in (Role.TITLE, Role.SUBTITLE, Role.ANNEX_TITLE, Role.ANNEX_LABEL) and role is not Role.SUBTITLE:
        return PITCH
    if role in (Role.SIGNATURE, Role.DATE) and prev not in (Role.SIGNATURE, Role.DATE):
        return 2 * PITCH  # room for the seal, as a signed document leaves it
    return 0.0


def _anchor(paras: list[Para], k: int) -> float | None:
    """Centre of the date line that the signature at `k` is centred on (署名以成文日期为准居中)."""
    if k + 1 >= len(paras) or paras[k + 1].role is not Role.DATE:
        return None
    date = paras[k + 1]
    lines = place(date.text, style_for(date))
    return lines[0].x + style_for(date).width(date.text) / 2 if len(lines) == 1 else None


def _has_rule_after(paras: list[Para], k: int) -> bool:
    """The red rule goes under the document number, or under a header that has none."""
    nxt = paras[k + 1].role if k + 1 < len(paras) else None
    return paras[k].role is Role.DOC_NUMBER or (
        paras[k].role is Role.ISSUER and nxt not in (Role.ISSUER, Role.DOC_NUMBER)
    )


def layout(paras: list[Para]) -> list[Page]:
    """Printed lines of the notice, page by page. Paragraphs may run on across a page break."""
    pages = [Page(1)]
    y = 0.0  # pt used in the current page's text block
    prev: Role | None = None
    for k, para in enumerate(paras):
        style = style_for(para)
        if para.new_page and pages[-1].lines:
            pages.append(Page(len(pages) + 1))
            y, prev = 0.0, None
        y += _gap(prev, para.role) if y > 0 else 0.0
        if para.role is Role.SIGNATURE and y + 2 * style.line_height > BLOCK_H + EPS:
            pages.append(Page(len(pages) + 1))  # the signature stays on the page of its date
            y = 0.0
        for text, x, spacing in place(para.text, style, _anchor(paras, k)):
            if y + style.line_height > BLOCK_H + EPS:
                pages.append(Page(len(pages) + 1))
                y = 0.0
            # the glyph box (ascent + descent = 1 em) is centred in its line slot
            baseline = TOP + y + (style.line_height - style.size) / 2 + ASCENT * style.size
            pages[-1].lines.append(TextLine(text, x, baseline, style, para.role, spacing))
            y += style.line_height
        if _has_rule_after(paras, k):
            y += RULE_GAP
            pages[-1].rules.append(TOP + y)
        prev = para.role
    for page in pages:
        page.lines.append(_page_number(page.number))
    return pages


def _page_number(number: int) -> TextLine:
    """`- N -` under the block: odd pages at the right, even pages at the left, one character in."""
    text, style = f"- {number} -", PAGE_NUMBER_STYLE
    x = RIGHT - CHAR - style.width(text) if number % 2 else LEFT + CHAR
    return TextLine(text, x, BOTTOM + 7 * PT_PER_MM + ASCENT * style.size, style, None)


# ---- text.pdf ---------------------------------------------------------------------------------


def write_pdf(pages: list[Page], info: NoticeInfo, path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    _font()
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=True)  # invariant: no timestamps
    canvas.setTitle(info.title)
    canvas.setAuthor(info.issuer)
    canvas.setCreator("gongwen scripts/build_fixtures.py")
    for page in pages:
        canvas.setStrokeColorRGB(*RED)
        canvas.setLineWidth(1.2)
        for y in page.rules:
            canvas.line(LEFT, PAGE_H - y, RIGHT, PAGE_H - y)
        for line in page.lines:
            _draw_line(canvas, line)
        canvas.showPage()
    canvas.save()


def _draw_line(canvas, line: TextLine) -> None:
    # colour and render mode are graphics state that outlives BT/ET: scope them to the line
    canvas.saveState()
    style = line.style
    text = canvas.beginText(line.x, PAGE_H - line.baseline)
    text.setFont(FONT_NAME, style.size)
    text.setCharSpace(TRACKING * style.size + line.spacing / style.hscale)  # Tc is scaled by Tz
    text.setHorizScale(style.hscale * 100)
    text.setFillColorRGB(*style.color)
    if style.bold:  # the font has no bold face: fill and stroke the outline (render mode 2)
        canvas.setStrokeColorRGB(*style.color)
        canvas.setLineWidth(0.035 * style.size)
        text.setTextRenderMode(2)
    text.textOut(line.text)
    canvas.drawText(text)
    canvas.restoreState()


def check_pdf(path: Path, paragraphs: list[str]) -> list[str]:
    """Problems with the text layer: pdfplumber must give back the paragraphs' characters."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        lines = [ln for page in pdf.pages for ln in (page.extract_text() or "").splitlines()]
    kept = [ln for ln in lines if not re.fullmatch(r"\s*-\s*\d+\s*-\s*", ln)]
    got, want = "".join(kept), "".join(paragraphs)
    problems = []
    if "(cid:" in got:
        problems.append("(cid:N) in the extracted text")
    if got != want:
        at = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), len(want))
        problems.append(f"extracted text differs at {at}: {got[at:at + 20]!r} != {want[at:at + 20]!r}")
    return problems


# ---- page images ----------------------------------------------------------------------------------


def render_pages(pdf_path: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def write_pngs(images: Iterable[Image.Image], folder: Path, dpi: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, image in enumerate(images, 1):
        # level 3 compresses as well as the default 6 here (noisy scans) in half the time
        image.save(folder / f"page-{number:03d}.png", dpi=(dpi, dpi), compress_level=3)


# ---- scan ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SealSpot:
    page: int
    x: float  # centre, pt from the page's left
    y: float  # centre, pt from the page's top
    name: str


def seal_spot(pages: list[Page], info: NoticeInfo) -> SealSpot:
    """Centre of the seal: over the signature and date (成文日期, else 印发 date), else the last text."""
    dated = [(page, i) for page in pages for i, line in enumerate(page.lines) if line.role is Role.DATE]
    signed = [(page, i) for page, i in dated if not page.lines[i].text.endswith("印发")] or dated
    if not signed:
        page = pages[-1]
        last = [line for line in page.lines if line.role is not None][-1]
        return SealSpot(page.number, RIGHT - 5 * CHAR, last.centre[1], info.issuer)
    page, i = signed[-1]
    date = page.lines[i]
    above = page.lines[i - 1] if i and page.lines[i - 1].role is Role.SIGNATURE else None
    name = above.text if above else DATE_AT_END.sub("", date.text) or info.issuer
    y = (above.centre[1] + date.centre[1]) / 2 if above else date.centre[1]
    return SealSpot(page.number, date.centre[0], y, name)


def seal_mask(name: str, radius: int, rng: np.random.Generator) -> np.ndarray:
    """Ink coverage (0..1) of a round official seal: ring, five-pointed star, name along the top."""
    size = 2 * radius + 8
    centre = size / 2
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    ring = max(2, round(radius * 0.06))
    box = [centre - radius, centre - radius, centre + radius, centre + radius]
    draw.ellipse(box, outline=255, width=ring)
    draw.polygon(_star(centre, centre, radius * 0.3), fill=255)
    _arc_text(mask, name, centre, radius * 0.7, radius)
    tilt = float(rng.uniform(-8, 8))  # nobody stamps straight
    coverage = np.asarray(mask.rotate(tilt, resample=Image.Resampling.BICUBIC), dtype=np.float32) / 255
    # uneven ink: a smooth random density and a few pinholes where the stamp did not touch
    blotch = rng.standard_normal((size // 16 + 2, size // 16 + 2)).astype(np.float32)
    density = Image.fromarray(blotch).resize((size, size), Image.Resampling.BICUBIC)
    ink = np.clip(0.8 + 0.2 * np.asarray(density), 0.45, 1.0) * (rng.random((size, size)) > 0.05)
    return coverage * ink


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.382
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _arc_text(mask: Image.Image, text: str, centre: float, r_text: float, radius: float) -> None:
    """The name around the upper arc, each character upright towards the ring."""
    n = len(text)
    step = math.radians(min(250 / n, 32))
    px = max(8, round(min(radius * 0.26, r_text * step * 0.95)))
    font = ImageFont.truetype(FONT_PATH, px, index=0)
    stroke = max(1, px // 16)  # seal engraving is heavier than print
    for k, ch in enumerate(text):
        angle = (k - (n - 1) / 2) * step  # clockwise from the top
        glyph = Image.new("L", (2 * px, 2 * px), 0)
        ImageDraw.Draw(glyph).text((px, px), ch, font=font, fill=255, anchor="mm",
                                   stroke_width=stroke, stroke_fill=255)
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC)
        x = centre + r_text * math.sin(angle) - px
        y = centre - r_text * math.cos(angle) - px
        mask.paste(255, (round(x), round(y)), glyph)


def stamp(page: Image.Image, spot: SealSpot, rng: np.random.Generator) -> Image.Image:
    """Multiply-blend the seal onto the page: black text under it stays black, as with real ink."""
    scale = SCAN_DPI / 72
    radius = round(SEAL_RADIUS_MM * PT_PER_MM * scale)
    coverage = seal_mask(spot.name, radius, rng) * SEAL_ALPHA
    arr = np.asarray(page, dtype=np.float32).copy()
    size = coverage.shape[0]
    x0, y0 = round(spot.x * scale) - size // 2, round(spot.y * scale) - size // 2
    ys, xs = slice(max(0, y0), min(arr.shape[0], y0 + size)), slice(max(0, x0), min(arr.shape[1], x0 + size))
    cov = coverage[ys.start - y0:ys.stop - y0, xs.start - x0:xs.stop - x0, None]
    arr[ys, xs] *= 1 - cov * (1 - SEAL_RGB / 255)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def degrade(page: Image.Image, number: int, rng: np.random.Generator) -> bytes:
    """A flatbed scan: slight tilt, sensor noise, soft focus, then a low-quality JPEG."""
    angle = float(rng.uniform(0.4, 1.2)) * (1 if number % 2 else -1)
    tilted = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=(255, 255, 255))
    arr = np.asarray(tilted, dtype=np.float32) + 8 * rng.standard_normal((*tilted.size[::-1], 3), np.float32)
    noisy = Image.fromarray(arr.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    buf = io.BytesIO()
    noisy.save(buf, "JPEG", quality=55, dpi=(SCAN_DPI, SCAN_DPI))
    return buf.getvalue()


def write_scan(pdf_path: Path, spot: SealSpot, dest: Path, seed: int) -> None:
    jpegs: list[bytes] = []
    for number, page in enumerate(render_pages(pdf_path, SCAN_DPI), 1):
        rng = np.random.default_rng([seed, number])
        if number == spot.page:
            page = stamp(page, spot, rng)
        jpegs.append(degrade(page, number, rng))
    write_pngs((Image.open(io.BytesIO(data)).convert("RGB") for data in jpegs), dest / "scan", SCAN_DPI)
    (dest / "scan.pdf").write_bytes(jpeg_pdf(jpegs))


def jpeg_pdf(jpegs: list[bytes]) -> bytes:
    """A PDF of A4 pages that each hold one JPEG as is (Pillow would decode and re-compress it)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(len(jpegs)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(jpegs)} >>".encode())
    for i, data in enumerate(jpegs):
        width, height = Image.open(io.BytesIO(data)).size
        content = f"q {PAGE_W:.3f} 0 0 {PAGE_H:.3f} 0 0 cm /Im0 Do Q".encode()
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:.3f} {PAGE_H:.3f}] "
                       f"/Resources << /XObject << /Im0 {5 + 3 * i} 0 R >> >> "
                       f"/Contents {4 + 3 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
                       f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode "
                       f"/Length {len(data)} >>\nstream\n".encode()
                       + data + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---- notice.docx -------------------------------------------------------------------------------------

DOCX_FONTS = {Role.ISSUER: "方正小标宋简体", Role.TITLE: "方正小标宋简体", Role.ANNEX_TITLE: "方正小标宋简体",
              Role.ANNEX_LABEL: "黑体"}
DOCX_BODY_FONT = "仿宋_GB2312"


def write_docx(paras: list[Para], info: NoticeInfo, path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    aligns = {"left": WD_ALIGN_PARAGRAPH.JUSTIFY, "centre": WD_ALIGN_PARAGRAPH.CENTER,
              "right": WD_ALIGN_PARAGRAPH.RIGHT, "anchor": WD_ALIGN_PARAGRAPH.RIGHT}
    for para in paras:
        style = STYLES[para.role]
        p = document.add_paragraph()
        p.alignment = aligns[style.align]
        fmt = p.paragraph_format
        fmt.first_line_indent = Pt(style.indent * BODY_SIZE) if style.indent else None
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(style.line_height)
        fmt.page_break_before = para.new_page or None
        run = p.add_run(para.text)
        run.font.size = Pt(22 if para.role is Role.ISSUER else style.size)
        run.font.bold = style.bold or None
        run.font.name = "Times New Roman"
        run.font.color.rgb = RGBColor(230, 0, 18) if style.color == RED else None
        # Word picks the font of Chinese characters from w:eastAsia, not from the run's font name
        run._element.get_or_add_rPr().get_or_add_rFonts().set(
            qn("w:eastAsia"), DOCX_FONTS.get(para.role, DOCX_BODY_FONT))
    props = document.core_properties
    props.title, props.author, props.last_modified_by = info.title, info.issuer, info.issuer
    props.created = props.modified = datetime(*FIXED_TIME)
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as archive:
        write_zip(path, ((name, archive.read(name)) for name in archive.namelist()))


def write_zip(path: Path, members: Iterable[tuple[str, bytes]]) -> None:
    """A zip with fixed timestamps, so that rebuilding gives the same bytes."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)


# ---- notice.html ---------------------------------------------------------------------------------

NAV = ["首页", "机构概况", "政务公开", "政策文件", "政务服务", "互动交流", "新闻动态", "专题专栏", "数据发布"]
SIDEBAR = ["规范性文件", "部门文件", "政策解读", "通知公告", "规划计划", "应急预案", "统计信息", "人事信息"]
RELATED = [
    "关于做好安全生产责任保险工作的通知",
    "安全生产责任保险实施办法",
    "安全生产责任保险事故预防技术服务规范（AQ 9010—2019）解读",
    "关于印发安全生产治本攻坚三年行动方案的通知",
    "关于进一步加强工贸行业安全生产工作的意见",
    "关于开展重大事故隐患专项排查整治行动的通知",
]
PROVINCES = {"山东": "鲁", "烟台": "鲁", "泰安": "鲁", "上海": "沪", "浦东": "沪", "浙江": "浙", "温州": "浙",
             "乐清": "浙", "江苏": "苏", "苏州": "苏"}
HTML_STYLE = """body{margin:0;font-family:"Microsoft YaHei",SimSun,sans-serif;color:#333}
.header{background:#b5121b;color:#fff;padding:18px 40px}
.main-nav ul{display:flex;margin:0;padding:0;list-style:none;background:#8f0e15}
.main-nav a{display:block;padding:10px 22px;color:#fff;text-decoration:none}
.breadcrumb{padding:10px 40px;font-size:14px}.container{display:flex;gap:20px;padding:0 40px}
.sidebar-left,.sidebar-right{width:200px;font-size:14px}.content{flex:1}
.article h1{text-align:center;color:#b5121b}
.article-meta{text-align:center;color:#888;border-bottom:1px solid #ddd;padding-bottom:8px}
#zoom p{line-height:2;font-size:16px}
footer{margin-top:30px;background:#eee;text-align:center;font-size:13px;padding:16px}"""
HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}_{site}</title>
<meta name="SiteName" content="{site}门户网站">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date} 09:30">
<meta name="ContentSource" content="{site}">
<link rel="stylesheet" href="/static/css/common.css">
<style>
{style}
</style>
<script>var siteId = "{site_id}";</script>
</head>
<body>
<div class="topbar"><span>欢迎访问{site}门户网站</span>
<a href="/wza/">无障碍浏览</a> <a href="/old/">长者模式</a></div>
<header class="header">
<div class="logo"><a href="/"><img src="/static/img/logo.png" alt="{site}"></a>
<span class="site-name">{site}</span></div>
<form class="search" action="/search/"><input name="q" placeholder="请输入关键字">
<button type="submit">搜索</button></form>
</header>
<nav class="main-nav"><ul>
{nav}
</ul></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/03/">政务公开</a> &gt;
<a href="/col/04/">政策文件</a> &gt; <span>通知公告</span></div>
<div class="container">
<aside class="sidebar-left"><h3>政策文件</h3><ul>
{sidebar}
</ul></aside>
<main class="content">
<div class="article">
<h1>{title}</h1>
<div class="article-meta">发布日期：{date}　来源：{site}　浏览次数：{views}
　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div id="zoom" class="TRS_Editor">
{paragraphs}
</div>
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a>
<a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</main>
<aside class="sidebar-right"><h3>相关文件</h3><ul>
{related}
</ul></aside>
</div>
<footer>
<p><a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a> | <a href="/privacy/">隐私声明</a>
| <a href="/help/">使用帮助</a></p>
<p>版权所有：{site}　主办单位：{site}办公室　网站标识码：{site_code}</p>
<p><a href="https://beian.miit.gov.cn/">{province}ICP备{icp}号-1</a>　{province}公网安备 {police}号</p>
<p>联系我们：联系电话 {phone}（工作日 9:00-17:00）　建议使用1920×1080分辨率浏览本网站</p>
</footer>
</body>
</html>
"""
_CSS_ALIGN = {"centre": "text-align:center", "right": "text-align:right", "anchor": "text-align:right"}


def write_html(paras: list[Para], info: NoticeInfo, stem: str, path: Path) -> None:
    """The notice as a government site publishes it: one <p> per paragraph inside #zoom."""
    code = zlib.crc32(stem.encode())  # made-up but stable site numbers
    province = next((v for k, v in PROVINCES.items() if any(k in p.text for p in paras)), "京")
    page = HTML_PAGE.format(
        title=html.escape(info.title), site=html.escape(info.issuer), date=info.date, style=HTML_STYLE,
        site_id=f"{code % 10000:04d}", views=code % 9000 + 300, nav=_links(NAV, "col"),
        sidebar=_links(SIDEBAR, "zcwj"), related=_links(RELATED, "art"),
        paragraphs="\n".join(_p_tag(p) for p in paras), site_code=f"{code % 10**10:010d}",
        province=province, icp=f"{code % 10**8:08d}", police=f"{code % 10**14:014d}",
        phone=f"0{code % 900 + 100}-{code % 10**7 + 10**6:07d}",
    )
    path.write_text(page, encoding="utf-8")


def _p_tag(para: Para) -> str:
    style = STYLES[para.role]
    rules = [_CSS_ALIGN[style.align]] if style.align in _CSS_ALIGN else []
    rules += [f"text-indent:{style.indent:g}em"] * bool(style.indent and not rules)
    rules += ["color:#e60012"] * (style.color == RED) + ["font-weight:bold"] * style.bold
    attr = f' style="{";".join(rules)}"' if rules else ""
    return f"<p{attr}>{html.escape(para.text)}</p>"


def _links(names: list[str], base: str) -> str:
    return "\n".join(f'<li><a href="/{base}/{i:02d}/">{html.escape(name)}</a></li>'
                     for i, name in enumerate(names, 1))


# ---- notice.ofd ------------------------------------------------------------------------------------

OFD_NS = "http://www.ofdspec.org/2016"
OFD_FONT_ID = 1


def _mm(points: float) -> str:
    return f"{points / PT_PER_MM:.3f}".rstrip("0").rstrip(".")


def _delta_x(line: TextLine) -> str:
    """Advances between characters, runs of equal values as `g N value` (GB/T 33190 §11.3)."""
    values = [_mm(line.advance(ch)) for ch in line.text[:-1]]
    parts = []
    for value, group in itertools.groupby(values):
        count = len(list(group))
        parts.append(f"g {count} {value}" if count > 1 else value)
    return " ".join(parts)


def _ofd_text(line: TextLine, obj_id: int) -> str:
    style = line.style
    attrs = (f'ID="{obj_id}" Boundary="{_mm(line.x)} {_mm(line.top)} {_mm(line.width)} {_mm(style.size)}" '
             f'Font="{OFD_FONT_ID}" Size="{_mm(style.size)}"')
    attrs += ' Weight="700"' * style.bold + (f' HScale="{style.hscale:.3f}"' if style.hscale != 1 else "")
    color = "" if style.color == BLACK else '<ofd:FillColor Value="{} {} {}"/>'.format(
        *(round(c * 255) for c in style.color))
    delta = f" DeltaX={quoteattr(_delta_x(line))}" if len(line.text) > 1 else ""
    return (f"<ofd:TextObject {attrs}>{color}<ofd:TextCode X=\"0\" Y=\"{_mm(ASCENT * style.size)}\"{delta}>"
            f"{escape(line.text)}</ofd:TextCode></ofd:TextObject>")


def _ofd_rule(y: float, obj_id: int) -> str:
    """The red rule as a path in a 1 mm high box centred on `y`."""
    width = _mm(BLOCK_W)
    return (f'<ofd:PathObject ID="{obj_id}" Boundary="{_mm(LEFT)} {_mm(y - PT_PER_MM / 2)} {width} 1" '
            'LineWidth="0.42"><ofd:StrokeColor Value="230 0 18"/>'
            f"<ofd:AbbreviatedData>M 0 0.5 L {width} 0.5</ofd:AbbreviatedData></ofd:PathObject>")


def write_ofd(pages: list[Page], info: NoticeInfo, path: Path) -> None:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    next_id = itertools.count(OFD_FONT_ID + 1)
    page_ids = [next(next_id) for _ in pages]
    members: list[tuple[str, bytes]] = []
    for number, page in enumerate(pages):
        objects = [_ofd_rule(y, next(next_id)) for y in page.rules]
        objects += [_ofd_text(line, next(next_id)) for line in page.lines]
        body = "\n".join(objects)
        content = (f'{head}<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="{next(next_id)}">\n'
                   f"{body}\n</ofd:Layer></ofd:Content></ofd:Page>\n")
        members.append((f"Doc_0/Pages/Page_{number}/Content.xml", content.encode()))
    page_list = "\n".join(f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                          for n, pid in enumerate(page_ids))
    document = (f'{head}<ofd:Document xmlns:ofd="{OFD_NS}">\n<ofd:CommonData>\n'
                f"<ofd:MaxUnitID>{next(next_id) - 1}</ofd:MaxUnitID>\n"
                f"<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>\n"
                f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>\n</ofd:CommonData>\n"
                f"<ofd:Pages>\n{page_list}\n</ofd:Pages>\n</ofd:Document>\n")
    public_res = (f'{head}<ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
                  f'<ofd:Font ID="{OFD_FONT_ID}" FontName="{OFD_FONT_NAME}" FamilyName="{OFD_FONT_NAME}"/>'
                  "</ofd:Fonts></ofd:Res>\n")
    doc_id = hashlib.md5(info.title.encode()).hexdigest()  # stable, 32 hex digits as readers expect
    ofd = (f'{head}<ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
           f"<ofd:DocID>{doc_id}</ofd:DocID><ofd:Title>{escape(info.title)}</ofd:Title>"
           f"<ofd:Author>{escape(info.issuer)}</ofd:Author><ofd:CreationDate>{info.date}</ofd:CreationDate>"
           "<ofd:Creator>gongwen build_fixtures</ofd:Creator></ofd:DocInfo>"
           "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n")
    write_zip(path, [("OFD.xml", ofd.encode()), ("Doc_0/Document.xml", document.encode()),
                     ("Doc_0/PublicRes.xml", public_res.encode()), *members])


# ---- driver ---------------------------------------------------------------------------------------


def sample_paragraphs(txt_path: Path) -> tuple[str, list[str]]:
    raw = txt_path.read_bytes().decode("utf-8-sig")
    return raw, normalize_text(raw).split("\n")


def build_sample(txt_path: Path, out_dir: Path) -> Path:
    """Every fixture of one sample notice, in `out_dir/<stem>/` (rebuilt from scratch)."""
    raw, paragraphs = sample_paragraphs(txt_path)
    missing = missing_glyphs("".join(paragraphs))
    if missing:
        print(f"warning: {txt_path.stem}: no glyph in {FONT_PATH} for {''.join(missing)}", file=sys.stderr)
    paras = classify(paragraphs)
    info = notice_info(paras)
    pages = layout(paras)
    dest = out_dir / txt_path.stem
    shutil.rmtree(dest, ignore_errors=True)  # no stale pages from a longer earlier layout
    dest.mkdir(parents=True)
    write_pdf(pages, info, dest / "text.pdf")
    write_pngs(render_pages(dest / "text.pdf", CLEAN_DPI), dest / "clean", CLEAN_DPI)
    write_scan(dest / "text.pdf", seal_spot(pages, info), dest, zlib.crc32(txt_path.stem.encode()))
    write_docx(paras, info, dest / "notice.docx")
    write_html(paras, info, txt_path.stem, dest / "notice.html")
    write_ofd(pages, info, dest / "notice.ofd")
    (dest / "notice.gbk.txt").write_bytes(raw.encode("gb18030"))
    return dest


def build_all(out: Path = DEFAULT_OUT, only: str | None = None, jobs: int | None = None,
              on_done: Callable[[Path], None] | None = None) -> list[Path]:
    """Build every sample (or the one named `only`) in parallel; the fixture folders, in order."""
    samples = sorted(p for p in SAMPLES.glob("*.txt") if only in (None, p.stem))
    if not samples:
        raise FileNotFoundError(f"no sample {only!r} in {SAMPLES}")
    out.mkdir(parents=True, exist_ok=True)
    # the fixtures repeat the samples in other formats: `gongwen ingest corpus` must not take them too
    (out / ".gongwenignore").write_text("derived test fixtures, rebuilt by scripts/build_fixtures.py\n")
    workers = min(len(samples), jobs or os.cpu_count() or 1)
    if workers == 1:
        results = (build_sample(p, out) for p in samples)
        return [_notify(dest, on_done) for dest in results]
    with ProcessPoolExecutor(workers) as pool:
        return [_notify(dest, on_done) for dest in pool.map(build_sample, samples, itertools.repeat(out))]


def _notify(dest: Path, on_done: Callable[[Path], None] | None) -> Path:
    if on_done:
        on_done(dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture folder (default: %(default)s)")
    parser.add_argument("--only", metavar="STEM", help="build one sample, e.g. 000_a4305a7bf411f230")
    parser.add_argument("--jobs", type=int, default=None, help="parallel processes (default: CPU count)")
    parser.add_argument("--check", action="store_true", help="verify the text layer of every text.pdf")
    args = parser.parse_args(argv)
    start = time.perf_counter()

    def progress(dest: Path) -> None:
        pages = len(list((dest / "clean").glob("page-*.png")))
        print(f"{dest.name}: {pages} pages  ({time.perf_counter() - start:.1f}s)", flush=True)

    try:
        built = build_all(args.out, args.only, args.jobs, progress)
    except FileNotFoundError as exc:
        parser.error(str(exc))
    failures = 0
    if args.check:
        for dest in built:
            problems = check_pdf(dest / "text.pdf", sample_paragraphs(SAMPLES / f"{dest.name}.txt")[1])
            failures += bool(problems)
            print(f"check {dest.name}: " + ("; ".join(problems) or "text layer ok"))
    print(f"built {len(built)} sample(s) in {args.out} in {time.perf_counter() - start:.1f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
