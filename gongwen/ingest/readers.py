"""One reader per input format: bytes in, printed lines (with page, box and geometry) out.

`detect_format` decides the format from the file's content and checks it against its extension, so
an HTML page saved as `.pdf` gets a clear error rather than a parser's stack trace. Every reader
raises `IngestError` with a one-line reason a user can act on.
"""

from __future__ import annotations

import html
import io
import re
import statistics
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from gongwen.ingest.normalize import Line
from gongwen.models import Box, PageInfo

MAX_IMAGE_PIXELS = 100_000_000  # an A4 page at 600 dpi is 35 MP; more is a mistake or a bomb
OCR_DPI = 200
EXTENSIONS = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf", ".png": "image",
    ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image", ".bmp": "image",
    ".webp": "image", ".docx": "docx", ".html": "html", ".htm": "html", ".shtml": "html", ".ofd": "ofd",
}
_MAGIC = [
    (b"%PDF", "pdf"), (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"II*\x00", "image"),
    (b"MM\x00*", "image"), (b"BM", "image"), (b"GIF8", "image"), (b"RIFF", "image"),
]


class IngestError(Exception):
    """A file that cannot be ingested; the message is the reason, in one line."""


@dataclass
class Document:
    lines: list[Line]
    pages: list[PageInfo]
    warnings: list[str] = field(default_factory=list)


def _sniff(data: bytes) -> str | None:
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names:
            return "ofd"
        return "zip"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html"
    return None


def detect_format(path: Path, data: bytes) -> str:
    ext = path.suffix.lower()
    fmt = EXTENSIONS.get(ext)
    if fmt is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise IngestError(f"unsupported file type '{ext or path.name}' (supported: {known})")
    if not data:
        raise IngestError("empty file (0 bytes)")
    sniffed = _sniff(data)
    if sniffed and sniffed != fmt and not (fmt in ("text", "markdown") and sniffed == "html"):
        raise IngestError(f"named {ext} but its content is {sniffed.upper()}; rename it to ingest it")
    if sniffed is None and fmt in ("pdf", "image", "docx", "ofd"):
        raise IngestError(f"not a valid {fmt.upper()} file (unrecognized content)")
    return fmt


# ---- plain text ---------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """UTF-8, else GB18030 (which covers GBK and GB2312), else charset detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("gb18030", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, len(text) // 100):
        return text, [f"{bad} undecodable byte sequence(s) in GB18030 text replaced by �"]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("cannot decode text: neither UTF-8 nor GB18030 nor any known encoding")
    return str(best), [f"text decoded as {best.encoding} (detected)"]


def read_text(path: Path, data: bytes, ocr: Callable) -> Document:
    from gongwen.ingest.normalize import text_lines

    text, warnings = decode_text(data)
    return Document(text_lines(text), [], warnings)


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def read_markdown(path: Path, data: bytes, ocr: Callable) -> Document:
    """Markdown: front matter and blockquoted editorial notes are not part of the notice; HTML entities
    (&ldquo;) are the characters they stand for."""
    from gongwen.ingest.normalize import text_lines

    text, warnings = decode_text(data)
    text = _FRONT_MATTER.sub("", text.replace("\r\n", "\n"))
    kept = [html.unescape(_MD_LINK.sub(r"\1", ln)) for ln in text.split("\n") if not ln.lstrip().startswith(">")]
    return Document(text_lines("\n".join(kept)), [], warnings)


# ---- PDF ----------------------------------------------------------------------------------


def _garbage(text: str) -> bool:
    """A text layer that cannot be trusted: (cid:N) runs, private-use or replacement characters."""
    if not text.strip():
        return True
    if "(cid:" in text:
        return True
    bad = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd")
    return bad > 0.05 * len(text)


def with_geometry(lines: list[Line], char: float) -> list[Line]:
    """Set `full` and `indent` from where each line sits in its page's text block."""
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page_lines in by_page.values():
        boxes = [ln.box for ln in page_lines if ln.box]
        if not boxes:
            continue
        left = min(b.x0 for b in boxes)
        right = max(b.x1 for b in boxes)
        for ln in page_lines:
            if ln.box:
                ln.full = ln.box.x1 >= right - 1.5 * char
                ln.indent = ln.box.x0 > left + 0.8 * char
    return lines


def read_pdf(path: Path, data: bytes, ocr: Callable) -> Document:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf_pages = pdf.pages
    except Exception as exc:  # pdfminer raises many types; the reason is what matters
        raise IngestError(_pdf_reason(exc, data)) from exc
    lines: list[Line] = []
    pages: list[PageInfo] = []
    ocr_pages: list[int] = []
    sizes: list[float] = []
    with pdf:
        for number, page in enumerate(pdf_pages, 1):
            try:
                found = page.extract_text_lines(return_chars=False)
            except Exception as exc:
                raise IngestError(f"page {number}: {_pdf_reason(exc, data)}") from exc
            if _garbage("".join(item["text"] for item in found)):
                ocr_pages.append(number)
                pages.append(PageInfo(number=number, method="ocr", width=page.width, height=page.height))
                continue
            pages.append(PageInfo(number=number, method="text", width=page.width, height=page.height))
            for item in found:
                box = Box(x0=item["x0"], top=item["top"], x1=item["x1"], bottom=item["bottom"])
                sizes.append(box.bottom - box.top)
                lines.append(Line(item["text"], number, box))
    with_geometry(lines, statistics.median(sizes) if sizes else 12.0)
    if ocr_pages:
        lines = _merge_ocr_pages(lines, _ocr_pdf_pages(data, ocr_pages, ocr, pages))
    return Document(lines, pages)


def _pdf_reason(exc: Exception, data: bytes) -> str:
    chain, cause = [], exc
    while cause is not None and len(chain) < 5:  # pdfplumber wraps pdfminer's error, often without text
        chain.append(f"{type(cause).__name__}: {cause}".rstrip(": "))
        cause = cause.__cause__ or cause.__context__
    text = " ← ".join(chain)
    if re.search("password|encrypt", text, re.I) or b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]:
        return "encrypted PDF: it needs a password to open"
    if b"%%EOF" not in data[-1024:]:
        return f"truncated PDF (no end-of-file marker; {len(data)} bytes)"
    return f"damaged PDF ({text[:160]})"


def _ocr_pdf_pages(data: bytes, numbers: list[int], ocr: Callable, pages: list[PageInfo]) -> list[Line]:
    import pypdfium2 as pdfium

    engine = ocr()
    doc = pdfium.PdfDocument(data)
    out: list[Line] = []
    for number in numbers:
        image = doc[number - 1].render(scale=OCR_DPI / 72).to_pil()
        page_lines = engine.read(image, number, 72 / OCR_DPI)
        _set_confidence(pages[number - 1], page_lines)
        out.extend(page_lines)
    return out


def _set_confidence(page: PageInfo, lines: list[Line]) -> None:
    scores = [ln.confidence for ln in lines if ln.confidence is not None]
    page.confidence = round(statistics.fmean(scores), 4) if scores else None


def _merge_ocr_pages(text_lines: list[Line], ocr_lines: list[Line]) -> list[Line]:
    return sorted(text_lines + ocr_lines, key=lambda ln: ln.page)  # stable: keeps reading order


# ---- images -------------------------------------------------------------------------------


def read_image(path: Path, data: bytes, ocr: Callable) -> Document:
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise IngestError(f"image too large to be a page (over {MAX_IMAGE_PIXELS // 1_000_000} megapixels; "
                          "a decompression bomb?)") from exc
    except Exception as exc:
        raise IngestError(f"unreadable image ({type(exc).__name__}: {exc})") from exc
    w, h = image.size
    if w * h > MAX_IMAGE_PIXELS:
        raise IngestError(f"image too large to be a page ({w}×{h} = {w * h / 1e6:.0f} megapixels, "
                          f"limit {MAX_IMAGE_PIXELS // 1_000_000}; a decompression bomb?)")
    engine = ocr()
    lines: list[Line] = []
    pages: list[PageInfo] = []
    dpi = image.info.get("dpi", (150, 150))[0] or 150
    try:
        for number, frame in enumerate(ImageSequence.Iterator(image), 1):
            rgb = frame.convert("RGB")
            page_lines = engine.read(rgb, number, 72 / float(dpi))
            info = PageInfo(number=number, method="ocr", width=rgb.width * 72 / dpi, height=rgb.height * 72 / dpi)
            _set_confidence(info, page_lines)
            pages.append(info)
            lines.extend(page_lines)
    except OSError as exc:
        raise IngestError(f"truncated or damaged image ({exc})") from exc
    return Document(lines, pages)


# ---- Word ---------------------------------------------------------------------------------


def read_docx(path: Path, data: bytes, ocr: Callable) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise IngestError(f"damaged Word file ({type(exc).__name__}: {exc})") from exc
    lines: list[Line] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Line(t) for t in Paragraph(block, document).text.split("\n"))
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = dict.fromkeys(c.text.strip() for c in row.cells)  # merged cells repeat
                lines.append(Line(" ".join(c for c in cells if c)))
    return Document(lines, [])


# ---- HTML ---------------------------------------------------------------------------------

_BODY_SELECTORS = ["#zoom", ".TRS_Editor", "#UCAP-CONTENT", ".article-content", ".article_content",
                   "#article", ".article", "article", "#content", ".content", ".main-content", "main"]
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre")
_BLOCKS = ", ".join(_BLOCK_TAGS)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_html(path: Path, data: bytes, ocr: Callable) -> Document:
    """The notice body of a web page, not its menus: a known content container, else the block
    with the most Chinese text outside links."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    text, warnings = decode_text(data)
    tree = HTMLParser(text)
    for junk in tree.css("script, style, nav, header, footer, noscript"):
        junk.decompose()
    body = _content_node(tree)
    if body is None:
        raise IngestError("no notice text found in the HTML page")
    lines = _block_lines(body)
    heading = tree.css_first("h1")
    if heading is not None:
        title = heading.text(strip=True)
        if title and not any(title in ln.text for ln in lines[:5]):
            lines.insert(0, Line(title))
    return Document(lines, [], warnings)


def _cjk_outside_links(node) -> int:
    total = len(_CJK.findall(node.text(strip=True)))
    linked = sum(len(_CJK.findall(a.text(strip=True))) for a in node.css("a"))
    return total - 2 * linked


def _content_node(tree):
    for selector in _BODY_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and _cjk_outside_links(node) >= 100:
            return node
    candidates = tree.css("div, section, td, article, body")
    best = max(candidates, key=_cjk_outside_links, default=None)
    return best if best is not None and _cjk_outside_links(best) > 0 else None


def _block_lines(node) -> list[Line]:
    blocks = node.css(_BLOCKS)
    if not blocks:
        return [Line(t) for t in node.text(separator="\n").split("\n")]
    lines = []
    for block in blocks:
        inner = list(block.traverse(include_text=False))[1:]  # traverse() starts with the block itself
        if any(n.tag in _BLOCK_TAGS for n in inner):  # a block holding blocks: its children speak
            continue
        for t in block.text(separator="", deep=True).split("\n"):
            lines.append(Line(t))
    return lines


# ---- OFD (GB/T 33190) ---------------------------------------------------------------------

MM = 72 / 25.4


def read_ofd(path: Path, data: bytes, ocr: Callable) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        root = ElementTree.fromstring(archive.read("OFD.xml"))
        doc_root = _first_text(root, "DocRoot")
        doc_path = PurePosixPath(doc_root.lstrip("/"))
        document = ElementTree.fromstring(archive.read(str(doc_path)))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, AttributeError) as exc:
        raise IngestError(f"damaged OFD file ({type(exc).__name__}: {exc})") from exc
    base = doc_path.parent
    media = _ofd_media(archive, document, base)
    box = _first_text(document, "PhysicalBox") or "0 0 210 297"
    page_w, page_h = (float(v) * MM for v in box.split()[2:4])
    lines: list[Line] = []
    pages: list[PageInfo] = []
    sizes: list[float] = []
    for number, page in enumerate(_iter(document, "Page"), 1):
        content = ElementTree.fromstring(archive.read(str(base / page.get("BaseLoc", ""))))
        page_lines = _ofd_text_lines(content, number)
        if page_lines:
            pages.append(PageInfo(number=number, method="text", width=page_w, height=page_h))
            sizes.extend(ln.box.bottom - ln.box.top for ln in page_lines if ln.box)
            lines.extend(page_lines)
            continue
        refs = [i.get("ResourceID", "") for i in _iter(content, "ImageObject")]
        images = [media[r] for r in refs if r in media]
        info = PageInfo(number=number, method="ocr", width=page_w, height=page_h)
        pages.append(info)
        if images:
            from PIL import Image

            image = Image.open(io.BytesIO(archive.read(images[0]))).convert("RGB")
            ocr_lines = ocr().read(image, number, page_w / image.width)
            _set_confidence(info, ocr_lines)
            lines.extend(ocr_lines)
    text_only = [ln for ln in lines if ln.confidence is None]
    with_geometry(text_only, statistics.median(sizes) if sizes else 12.0)
    return Document(lines, pages)


def _iter(root: ElementTree.Element, tag: str):
    """Elements named `tag` in any namespace (OFD writers disagree on the namespace URI)."""
    return (e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == tag)


def _first_text(root: ElementTree.Element, tag: str) -> str | None:
    node = next(_iter(root, tag), None)
    return node.text.strip() if node is not None and node.text else None


def _ofd_media(archive: zipfile.ZipFile, document: ElementTree.Element, base: PurePosixPath) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag in ("DocumentRes", "PublicRes"):
        for res in _iter(document, tag):
            name = str(base / (res.text or "").strip())
            if name not in archive.namelist():
                continue
            tree = ElementTree.fromstring(archive.read(name))
            res_base = PurePosixPath(name).parent / (tree.get("BaseLoc") or "")
            for mm in _iter(tree, "MultiMedia"):
                file = _first_text(mm, "MediaFile")
                if file:
                    out[mm.get("ID", "")] = str(res_base / file)
    return out


def _ofd_text_lines(content: ElementTree.Element, number: int) -> list[Line]:
    """TextObjects grouped into printed lines by their vertical position."""
    pieces: list[tuple[float, float, float, float, str]] = []
    for obj in _iter(content, "TextObject"):
        x, y, w, h = (float(v) for v in obj.get("Boundary", "0 0 0 0").split()[:4])
        text = "".join(code.text or "" for code in _iter(obj, "TextCode"))
        if text.strip():
            pieces.append((y, x, w, h, text))
    pieces.sort()
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for piece in pieces:
        if rows and abs(rows[-1][0][0] - piece[0]) < 0.5 * max(piece[3], 1):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = []
    for row in rows:
        row.sort(key=lambda p: p[1])
        x0, x1 = row[0][1], max(p[1] + p[2] for p in row)
        top, bottom = min(p[0] for p in row), max(p[0] + p[3] for p in row)
        box = Box(x0=x0 * MM, top=top * MM, x1=x1 * MM, bottom=bottom * MM)
        lines.append(Line(" ".join(p[4] for p in row), number, box))
    return lines


READERS: dict[str, Callable[[Path, bytes, Callable], Document]] = {
    "text": read_text,
    "markdown": read_markdown,
    "pdf": read_pdf,
    "image": read_image,
    "docx": read_docx,
    "html": read_html,
    "ofd": read_ofd,
}
