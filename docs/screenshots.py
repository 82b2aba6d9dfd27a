"""Screenshots of notebooks as a reader sees them: each notebook runs through the Soma kernel (nbclient),
becomes HTML (nbconvert's lab template), and headless Chromium (Debian's chromium and chromedriver)
renders it into docs/images/: one full-page PNG per notebook and one PNG per chart, named after the
chart's title. A chart saved with chart.save("….svg") is also opened on its own, to show the file
renders without a notebook around it. Every chart is checked in the browser for text that leaves the
drawing or tick labels that run into each other; problems are listed and make the exit code 1.

    .venv/bin/python docs/screenshots.py --soma .build/release/soma [NOTEBOOK ...]
"""
import argparse
import base64
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_NOTEBOOKS = ["Notebooks/01-tensors-and-autograd.ipynb", "Notebooks/02-perceptron.ipynb",
                     "Notebooks/07-cnn.ipynb", "Notebooks/12-chart-gallery.ipynb"]
PAGE_WIDTH = 1000
PAGE_SCALE = 0.5  # whole pages at a third of the charts' resolution keep the files small
SVG_NS = "{http://www.w3.org/2000/svg}"

# The standalone file: a chart with a legend and a log axis, as a script would save it.
STANDALONE_SCRIPT = """
var curves = [:]
for name in ["lr 0.1", "lr 0.01", "lr 0.001"] {
    let rate = number(name.split(" ")[1])
    curves[name] = list(0..<60).map(fn(t) { exp(-rate * 40 * t) + 0.02 * rate })
}
plot(curves, title: "saved chart.svg", xlabel: "step", ylabel: "loss", logy: true).save(args[0])
"""

# For each <svg> chart in the page: text outside the drawing, and overlapping labels within one group.
LAYOUT_CHECK = """
const problems = [];
const charts = [...document.querySelectorAll('svg[role="img"]')].filter(s => !(s.parentElement && s.parentElement.closest('svg')));
charts.forEach((svg, index) => {
  const name = (svg.querySelector(':scope > title') || {}).textContent || `chart ${index + 1}`;
  const box = svg.getBoundingClientRect();
  const inside = (r) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
  for (const text of svg.querySelectorAll('text')) {
    const r = text.getBoundingClientRect();
    if (r.width > 0 && !inside(r)) problems.push(`${name}: "${text.textContent}" is cut by the edge`);
  }
  for (const panel of [svg, ...svg.querySelectorAll('svg')]) {
    const panelBox = panel.getBoundingClientRect();
    for (const group of panel.querySelectorAll(':scope > g, :scope > g > g')) {
      const texts = [...group.querySelectorAll(':scope > text')].map(t => [t.textContent, t.getBoundingClientRect()]);
      for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
        const [a, ra] = texts[i], [b, rb] = texts[j];
        const dx = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const dy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (dx > 1 && dy > 1) problems.push(`${name}: "${a}" and "${b}" overlap (${group.getAttribute('class')})`);
      }
      if (panel !== svg) for (const [t, r] of [...panel.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()])) {
        if (r.width > 0 && (r.left < panelBox.left - 0.5 || r.right > panelBox.right + 0.5)) problems.push(`${name}: "${t}" is cut by its panel`);
      }
    }
  }
});
return [charts.length, [...new Set(problems)]];
"""


def chromium(scale):
    """Headless Chromium under chromedriver; no network (the page needs none, and none is waited for)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    browser = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium")
    driver = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver")
    if not browser or not driver:
        sys.exit("screenshots need Debian's chromium and chromium-driver: make screenshots installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--hide-scrollbars", f"--force-device-scale-factor={scale}", f"--window-size={PAGE_WIDTH},800",
                     "--host-resolver-rules=MAP * ~NOTFOUND"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(driver), options=options)


def capture(driver, path, clip, scale=1):
    """Writes the page region `clip` (CSS pixels, may extend below the window) as a PNG, `scale` times
    the device scale factor."""
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "fromSurface": True,
        "clip": dict(clip, scale=scale)})
    path.write_bytes(base64.b64decode(shot["data"]))


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "chart"


def run_notebook(path, workdir):
    """Executes a notebook through the Soma kernel and returns its HTML (the lab template, as nbconvert gives it)."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="soma", timeout=600, allow_errors=False,
                   resources={"metadata": {"path": str(workdir)}}).execute()
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    return html


def shoot_page(driver, html_path, out, stem, problems):
    driver.get(html_path.as_uri())
    width, height = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];")
    page = out / f"{stem}.png"
    capture(driver, page, {"x": 0, "y": 0, "width": width, "height": height}, scale=PAGE_SCALE)
    written = [page]
    names = set()
    def shoot(element, name):
        while name in names:
            name += "-2"
        names.add(name)
        box = driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};", element)
        capture(driver, out / f"{name}.png", box)
        written.append(out / f"{name}.png")

    # nbconvert, like JupyterLab, shows image/svg+xml as an <img> of the document: shoot each one.
    images = driver.find_elements("css selector", ".jp-RenderedSVG > img")
    for index, image in enumerate(images):
        title = ET.fromstring(svg_of(image.get_attribute("src"))).findtext(SVG_NS + "title") or ""
        shoot(image, f"{stem}-{slug(title) if title else index + 1}")
    # Live displays (fit, progress) are HTML outputs with an inline chart under a progress bar: shoot
    # the whole output, bar included.
    live = driver.execute_script(
        "return [...document.querySelectorAll('.jp-RenderedHTMLCommon')].filter(e => e.querySelector('svg'));")
    for index, output in enumerate(live):
        title = driver.execute_script("const t = arguments[0].querySelector('svg > title'); return t ? t.textContent : '';", output)
        shoot(output, f"{stem}-live-{slug(title) if title else index + 1}")
    # Then the same documents inline, where the browser can measure their text.
    driver.execute_script(
        "for (const img of document.querySelectorAll('.jp-RenderedSVG > img')) {"
        "  const [head, data] = img.src.split(',');"
        "  const text = head.endsWith(';base64') ? new TextDecoder().decode(Uint8Array.from(atob(data), c => c.charCodeAt(0)))"
        "    : decodeURIComponent(data);"
        "  img.replaceWith(new DOMParser().parseFromString(text, 'image/svg+xml').documentElement);"
        "}")
    count, found = driver.execute_script(LAYOUT_CHECK)
    if count != len(images) + len(live):
        problems.append(f"{stem}: {len(images) + len(live)} SVG outputs but {count} charts measured")
    problems += [f"{stem}: {p}" for p in found]
    return count, written


def svg_of(source):
    """The SVG document in a data URL."""
    head, _, data = source.partition(",")
    if not head.startswith("data:image/svg+xml"):
        raise ValueError(f"not an SVG data URL: {head}")
    return base64.b64decode(data).decode() if head.endswith(";base64") else urllib.parse.unquote(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", default=DEFAULT_NOTEBOOKS)
    parser.add_argument("--soma", default=str(ROOT / ".build" / "release" / "soma"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "images"))
    parser.add_argument("--scale", type=float, default=1.5, help="device pixels per CSS pixel")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    soma = str(pathlib.Path(args.soma).resolve())
    if not os.access(soma, os.X_OK):
        sys.exit(f"no soma binary at {soma}: build it first (swift build -c release --product soma)")

    problems = []
    with tempfile.TemporaryDirectory(prefix="soma-shots-") as tmp:
        tmp = pathlib.Path(tmp)
        # This build's kernelspec first on JUPYTER_PATH, whatever else is installed.
        subprocess.run([soma, "kernel", "install", "--prefix", str(tmp / "prefix")], check=True, capture_output=True)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            filter(None, [str(tmp / "prefix" / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")]))
        pages = []
        for notebook in args.notebooks:
            path = (ROOT / notebook) if not os.path.isabs(notebook) else pathlib.Path(notebook)
            print(f"running {path.name}", flush=True)
            html = tmp / f"{path.stem}.html"
            html.write_text(run_notebook(path, path.parent), encoding="utf-8")
            # A Korean notebook's charts are named after it with a ko- prefix (their Hangul titles slug to nothing).
            pages.append((html, ("ko-" if path.parent.name == "ko" else "") + path.stem))

        script = tmp / "standalone.soma"
        script.write_text(STANDALONE_SCRIPT)
        svg = tmp / "chart.svg"
        subprocess.run([soma, str(script), str(svg)], check=True)

        driver = chromium(args.scale)
        try:
            for html, stem in pages:
                count, written = shoot_page(driver, html, out, stem, problems)
                print(f"{stem}: {count} charts -> {', '.join(p.name for p in written)}")
            # The saved file alone: Chromium opens it as an SVG document, not inside HTML.
            driver.get(svg.as_uri())
            root, width, height = driver.execute_script(
                "const r = document.documentElement; const b = r.getBoundingClientRect();"
                "return [r.namespaceURI + ' ' + r.localName, b.width, b.height];")
            if root != "http://www.w3.org/2000/svg svg" or width < 100 or height < 100:
                problems.append(f"chart.svg: opened alone, the document is {root} at {width}×{height}")
            capture(driver, out / "standalone-svg.png", {"x": 0, "y": 0, "width": width, "height": height})
            _, found = driver.execute_script(LAYOUT_CHECK)
            problems += [f"chart.svg: {p}" for p in found]
            print("chart.svg -> standalone-svg.png")
        finally:
            driver.quit()

    for problem in problems:
        print("problem:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
