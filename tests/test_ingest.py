"""`gongwen ingest` on real files: the store, unchanged files, bad input, interruption."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from gongwen.cli import app
from gongwen.index.store import Store

runner = CliRunner()


def _ingest(*args):
    return runner.invoke(app, ["ingest", *map(str, args)])


def test_ingest_then_unchanged(tmp_path):
    store = tmp_path / "store"
    first = _ingest(*SAMPLES, "--store", store)
    assert first.exit_code == 0, first.output
    assert "ingested 5, unchanged 0, failed 0" in first.output
    again = _ingest(*SAMPLES, "--store", store)
    assert "ingested 0, unchanged 5, failed 0" in again.output
    with Store(store) as st:
        assert len(st.notice_ids()) == 5
        extraction = st.extraction(st.resolve("004_b67bfd4441ca7b12.txt"))
        assert extraction.notice.header.doc_number == "苏应急〔2024〕132号"
        assert extraction.obligations, "obligations are extracted at ingest"


def _bad_inputs(tmp_path, fixtures_dir):
    from PIL import Image
    from reportlab.pdfgen import canvas

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    pdf = (fixtures_dir / SAMPLES[0].stem / "text.pdf").read_bytes()
    (bad / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    c = canvas.Canvas(str(bad / "encrypted.pdf"), encrypt="secret")
    c.drawString(100, 100, "x")
    c.save()
    (bad / "page.pdf").write_text("<!DOCTYPE html><html><body>not a pdf</body></html>", encoding="utf-8")
    (bad / "notice.xyz").write_text("各承保机构应当", encoding="utf-8")
    Image.new("1", (20_000, 10_000)).save(bad / "bomb.png")  # 200 megapixels, a few kB on disk
    os.symlink(bad / "nowhere.txt", bad / "broken.txt")
    gb = SAMPLES[3].read_text(encoding="utf-8").encode("gb18030")
    (bad / "invalid-bytes.txt").write_bytes(gb[:400] + b"\xff\xfe" + gb[400:])
    return bad


def test_bad_input_is_reported_and_the_batch_goes_on(tmp_path, fixtures_dir):
    bad = _bad_inputs(tmp_path, fixtures_dir)
    store = tmp_path / "store"
    missing = tmp_path / "does-not-exist.txt"
    files = sorted(bad.iterdir()) + [missing, SAMPLES[4]]
    result = _ingest(*files, "--store", store)
    out = result.output
    assert result.exit_code == 1
    expected = {
        "empty.txt": "empty file", "truncated.pdf": "truncated PDF", "encrypted.pdf": "encrypted PDF",
        "page.pdf": "content is HTML", "notice.xyz": "unsupported file type", "bomb.png": "too large",
        "broken.txt": "broken symbolic link", "does-not-exist.txt": "no such file",
    }
    lines = [ln for ln in out.splitlines() if ln.startswith("error")]
    assert len(lines) == len(expected), out
    for name, reason in expected.items():
        assert any(name in ln and reason in ln for ln in lines), (name, out)
    assert "undecodable byte" in out  # a warning, and the file is still ingested
    assert "ingested 2, unchanged 0, failed 8" in out
    with Store(store) as st:
        sources = {os.path.basename(st.notice(i).source) for i in st.notice_ids()}
    assert sources == {"invalid-bytes.txt", SAMPLES[4].name}


def test_killed_ingest_then_rerun_equals_uninterrupted(tmp_path, fixtures_dir):
    """Kill -9 in the middle of a batch (during OCR of a scan), run again: same store as one clean run."""
    files = [*SAMPLES[:3], fixtures_dir / SAMPLES[4].stem / "scan.pdf", *SAMPLES[3:]]
    cmd = [sys.executable, "-m", "gongwen.cli", "ingest", *map(str, files)]
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    proc = subprocess.Popen([*cmd, "--store", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:  # wait for the text files, then kill during OCR
        if (killed / "gongwen.db").exists() and _count(killed) >= 3:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    interrupted = _count(killed)
    assert 3 <= interrupted < len(files)
    assert subprocess.run([*cmd, "--store", str(killed)], capture_output=True, timeout=600).returncode == 0
    assert subprocess.run([*cmd, "--store", str(clean)], capture_output=True, timeout=600).returncode == 0
    with Store(killed) as a, Store(clean) as b:
        assert a.dump() == b.dump()
        assert len(a.notice_ids()) == len(files)


def _count(store) -> int:
    try:
        with sqlite3.connect(store / "gongwen.db", timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM notices").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_show_prints_header_and_outline(tmp_path):
    result = runner.invoke(app, ["show", str(SAMPLES[0]), "--store", str(tmp_path)])
    assert result.exit_code == 0
    assert "鲁应急字〔2023〕92号" in result.output and "part 1 (forwarded)" in result.output
    as_json = runner.invoke(app, ["show", str(SAMPLES[0]), "--json", "--store", str(tmp_path)])
    import json

    data = json.loads(as_json.output)
    assert data["parts"][1]["header"]["issuers"][0] == "山东省应急管理厅"


def test_help_is_fast():
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gongwen.cli", "--help"], check=True, capture_output=True)
    # not a timing assertion on our code's speed: the point is that no heavy library is imported
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "gongwen.cli", "--help"], capture_output=True,
                         text=True).stderr
    for heavy in ("spacy", "chromadb", "rapidocr", "onnxruntime", "torch", "pdfplumber"):
        assert f" {heavy}\n" not in out and f" {heavy}." not in out, f"{heavy} imported by --help"
    assert time.perf_counter() - start < 60


@pytest.mark.parametrize("path", [SAMPLES[1]])
def test_list_shows_drafts(tmp_path, path):
    _ingest(path, "--store", tmp_path)
    result = runner.invoke(app, ["list", "--json", "--store", str(tmp_path)])
    assert '"status": "draft"' in result.output
