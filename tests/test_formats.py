"""Every fixture format of every sample reads back to the same normalized text as its .txt."""

import pytest
from conftest import SAMPLES

from gongwen.ingest import read_notice
from gongwen.ingest.normalize import normalize_text

TEXT_FORMATS = ["text.pdf", "notice.docx", "notice.html", "notice.ofd", "notice.gbk.txt"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem[:3])
@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_format_gives_the_normalized_text(fixtures_dir, sample, name):
    expected = normalize_text(sample.read_text(encoding="utf-8"))
    notice = read_notice(fixtures_dir / sample.stem / name)
    assert notice.text == expected
    assert notice.header == read_notice(sample).header


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem[:3])
def test_pdf_keeps_pages_and_boxes(fixtures_dir, sample):
    notice = read_notice(fixtures_dir / sample.stem / "text.pdf")
    assert len(notice.pages) >= 2 and all(p.method == "text" for p in notice.pages)
    assert all(r.box is not None for r in notice.runs)
    page = notice.pages[0]
    for run in notice.runs:
        assert 0 <= run.box.x0 < run.box.x1 <= page.width and 0 <= run.box.top < run.box.bottom <= page.height
    # the last character came from the last page, the first from the first
    assert notice.page_at(0) == 1 and notice.page_at(len(notice.text) - 1) == len(notice.pages)
    # a run's text is what was printed inside its box: pdfplumber finds it there
    import pdfplumber

    run = notice.runs[len(notice.runs) // 2]
    with pdfplumber.open(fixtures_dir / sample.stem / "text.pdf") as pdf:
        p = pdf.pages[run.page - 1]
        inside = p.within_bbox((run.box.x0 - 1, run.box.top - 1, run.box.x1 + 1, run.box.bottom + 1)).extract_text()
    assert notice.text[run.start:run.end][:6] in inside.replace(" ", "")


def test_garbage_text_layer_goes_to_ocr(tmp_path, fixtures_dir):
    """A page whose text layer is (cid:N) garbage is read by OCR instead, page by page."""
    from reportlab.pdfgen import canvas

    from gongwen.ingest import readers

    assert readers._garbage("(cid:12)(cid:15)(cid:7)")
    assert readers._garbage("\ue001\ue002\ue003abc")
    assert not readers._garbage("各承保机构应当")
    # a scanned PDF has no text layer at all: every page is OCR'd
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(100, 750, "")  # an empty page: no text layer
    c.showPage()
    c.save()
    pages = readers.read_pdf(path, path.read_bytes(), lambda: _NoOcr()).pages
    assert [p.method for p in pages] == ["ocr"]


class _NoOcr:
    def read(self, image, page, points_per_pixel):
        return []
