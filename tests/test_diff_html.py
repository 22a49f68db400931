"""The HTML diff report in a real headless Chromium, driven over the DevTools protocol: the matrix
renders, and a click on a cell shows the sentences behind it. The screenshot is kept in
tests/artifacts/ for a person to look at."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request

import pytest
from conftest import ROOT
from test_diff import invoke, samples_corpus, samples_store  # noqa: F401  (fixtures)

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """A tiny DevTools-protocol client for one page: commands by id, events ignored."""

    def __init__(self, ws_url: str):
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0

    def send(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(expression)
            time.sleep(0.1)

    def click(self, selector: str) -> None:
        """A real mouse click at the element's centre, as a person's would be."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def browser(tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/setup.sh installs it)")
    profile = tmp_path / "profile"
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
         "--window-size=1400,1000", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = None
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            target = next(t for t in json.load(r) if t["type"] == "page")
        page = Page(target["webSocketDebuggerUrl"])
        yield page
    finally:
        if page is not None:
            page.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_report_in_chromium(samples_store, tmp_path, browser):  # noqa: F811
    report = tmp_path / "diff.html"
    result = invoke("diff", "--format", "html", "-o", str(report), store=samples_store)
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "src=" not in html  # self-contained

    browser.send("Page.enable")
    browser.send("Page.navigate", url=report.as_uri())
    browser.wait_for("document.readyState === 'complete' && !!document.querySelector('#matrix')")

    # the matrix: a row per topic, a column per region, each cell coloured
    shape = browser.evaluate("[document.querySelectorAll('#matrix tr').length - 1,"
                             " document.querySelectorAll('#matrix tr:first-child th').length - 1,"
                             " document.querySelectorAll('#matrix td.cell').length]")
    topics, regions, cells = shape
    assert regions == 5 and topics >= 6 and cells == topics * regions
    colour = browser.evaluate("getComputedStyle(document.querySelector(\"[data-key='t:prevention_funding|苏州市']\"))"
                              ".backgroundColor")
    assert colour not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    assert "Click a cell" in browser.evaluate("document.getElementById('details').textContent")

    # a click on 苏州 × 预防/专项费用 shows the sentence the 20% comes from
    browser.click("[data-key='t:prevention_funding|苏州市']")
    browser.wait_for("document.getElementById('details').textContent.includes('不低于20%的保费比例')")
    details = browser.evaluate("document.getElementById('details').innerText")
    assert "苏州市 · 预防/专项费用与资金" in details
    assert "苏应急〔2024〕132号 三、（二） p.1" in details and "≥20% 保费" in details

    # a click on a duty cell of 烟台 shows the inherited provincial sentence
    browser.click("[data-key='d:training_frequency|烟台市']")
    browser.wait_for("document.getElementById('details').textContent.includes('鲁应急字〔2023〕92号')")
    details = browser.evaluate("document.getElementById('details').innerText")
    assert "inherited" in details and "在每个保单期间内" in details

    ARTIFACTS.mkdir(exist_ok=True)
    shot = browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=False)
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG")
    (ARTIFACTS / "diff-report.png").write_bytes(png)


def test_artifacts_are_ignored_by_git():
    assert (ROOT / "tests" / "artifacts" / ".gitignore").read_text().split() == ["*", "!.gitignore"]
