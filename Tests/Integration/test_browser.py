"""A newcomer's path in a real browser: JupyterLab (from the venv) lists the Soma kernel, headless
Chromium opens a notebook, picks "Soma" in the kernel dialog, runs a cell that plots, and the SVG chart
appears in the page. Needs Debian's chromium and chromium-driver (`make test` installs them); when the
browser cannot start, the test fails and says why instead of skipping."""
import base64
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import nbformat
import pytest

CELL = 'plot([3, 2, 1.5, 1.2], title: "loss", xlabel: "epoch")'
SVG_NS = "{http://www.w3.org/2000/svg}"
LAB_START_TIMEOUT = 90  # a loaded 2-core machine needs ~30 s to import JupyterLab; a quiet one ~4 s
STEP_TIMEOUT = 45


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(process, grace=10):
    """Stops a process started in its own session and everything it started (kernels), even when the
    process itself has already exited."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(grace)
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)  # whatever did not stop on SIGTERM
    except ProcessLookupError:
        pass
    process.wait(grace)


class Lab:
    """A headless JupyterLab server on a free port, with its own config, settings and root folder."""

    def __init__(self, home, soma_bin):
        self.home = home
        self.root = home / "root"
        self.root.mkdir()
        self.port = free_port()
        self.token = base64.b16encode(os.urandom(16)).decode().lower()
        self.log_path = home / "lab.log"
        # The kernel under test goes first on JUPYTER_PATH, so "soma" is this build and not another install.
        prefix = home / "prefix"
        subprocess.run([soma_bin, "kernel", "install", "--prefix", str(prefix)], check=True, capture_output=True)
        config = home / "config"
        config.mkdir()
        # No news feed and no PyPI extension manager: the test reaches nothing outside the machine.
        (config / "jupyter_server_config.json").write_text(json.dumps(
            {"LabApp": {"news_url": None, "extension_manager": "readonly"}}))
        self.env = dict(os.environ,
                        JUPYTER_PATH=os.pathsep.join(filter(None, [str(prefix / "share" / "jupyter"),
                                                                   os.environ.get("JUPYTER_PATH")])),
                        JUPYTER_CONFIG_DIR=str(config),
                        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
                        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
                        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
        self.process = None

    def start(self):
        try:
            import jupyterlab  # noqa: F401
        except ImportError:
            pytest.fail(f"jupyterlab is not installed in {sys.prefix}: run `make venv` (requirements.txt lists it)")
        self.log = open(self.log_path, "wb")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={self.port}", "--port-retries=0", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={self.root}"],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        deadline = self.started + LAB_START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"jupyter lab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not answer within {LAB_START_TIMEOUT} s:\n{self.log_tail()}")
                time.sleep(0.2)
        self.start_seconds = time.monotonic() - self.started

    def api(self, path):
        url = f"http://127.0.0.1:{self.port}/api/{path}?token={self.token}"
        with urllib.request.urlopen(url, timeout=5) as reply:
            return json.load(reply)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/lab/tree/{urllib.parse.quote(path)}?token={self.token}"

    def log_tail(self, lines=30):
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process is not None:
            stop_group(self.process)
            self.log.close()


def chromium_paths():
    browser = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    if not browser or not os.path.exists(browser) or not os.path.exists(driver):
        pytest.fail("headless Chromium is needed: install Debian's chromium and chromium-driver "
                    f"(`make test` does); found browser={browser!r}, chromedriver={driver if os.path.exists(driver) else None!r}")
    return browser, driver


def start_chromium(download_dir=None, width=1280, height=900):
    """Headless Chromium under chromedriver, or a test failure that says why it could not start."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail(f"selenium is not installed in {sys.prefix}: run `make venv` (requirements.txt lists it)")
    browser, driver = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    try:
        return webdriver.Chrome(service=Service(driver), options=options)
    except Exception as error:  # the driver's own message says what is missing (display, library, version)
        pytest.fail(f"headless Chromium ({browser}, driver {driver}) could not start: {error}")


@pytest.fixture(scope="module")
def lab(soma_bin):
    with tempfile.TemporaryDirectory(prefix="soma-lab-") as home:
        server = Lab(pathlib.Path(home), soma_bin)
        try:
            server.start()
            yield server
        finally:
            server.stop()


@pytest.fixture
def chromium():
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver, what, condition, timeout=STEP_TIMEOUT):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)
    except TimeoutException:
        shown = driver.find_elements("css selector", ".jp-Dialog, .jp-Notebook") or driver.find_elements("tag name", "body")
        fd, picture = tempfile.mkstemp(prefix="soma-browser-", suffix=".png")
        os.close(fd)
        driver.save_screenshot(picture)
        pytest.fail(f"timed out after {timeout} s waiting for {what} (screenshot: {picture}); the page shows:\n"
                    + "\n".join(e.text for e in shown)[-2000:])


def test_lab_lists_the_soma_kernel(lab, soma_bin):
    specs = lab.api("kernelspecs")["kernelspecs"]
    assert "soma" in specs, f"kernels listed: {sorted(specs)}"
    spec = specs["soma"]["spec"]
    assert spec["display_name"] == "Soma" and spec["language"] == "soma"
    assert os.path.samefile(spec["argv"][0], soma_bin)


def test_notebook_in_a_real_browser_runs_a_cell_and_shows_its_svg_plot(lab, chromium):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    started = time.monotonic()
    # No kernelspec in the notebook: JupyterLab asks which kernel to start, as for a fresh notebook.
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(CELL))
    nbformat.write(nb, lab.root / "first plot.ipynb")

    chromium.get(lab.url("first plot.ipynb"))
    select = wait_for(chromium, "the Select Kernel dialog",
                      lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Dialog select"))[0]
    choices = [o.text for o in Select(select).options]
    assert "Soma" in choices, f"the kernel dialog offers {choices}"
    Select(select).select_by_visible_text("Soma")
    chromium.find_element(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept").click()
    wait_for(chromium, "the Soma kernel to be idle", lambda d: d.execute_script(
        "const s = document.querySelector('.jp-Notebook-ExecutionIndicator');"
        "const n = document.querySelector('.jp-KernelName');"
        "return s && n && n.textContent.trim() == 'Soma' && s.getAttribute('data-status') == 'idle';"))

    editor = chromium.find_element(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell .cm-content")
    editor.click()
    ActionChains(chromium).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()

    # JupyterLab shows image/svg+xml as an <img> holding the SVG document as a data URL.
    svg_output = ".jp-OutputArea-output[data-mime-type='image/svg+xml'] img"
    error_output = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    found = wait_for(chromium, "the SVG output of the cell", lambda d: d.find_elements(
        By.CSS_SELECTOR, f"{svg_output}, {error_output}"))
    errors = chromium.find_elements(By.CSS_SELECTOR, error_output)
    assert not errors, f"the cell failed: {errors[0].text}"
    image = found[0]
    wait_for(chromium, "the browser to draw the SVG", lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0;", image), timeout=10)
    width, height = chromium.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", image)
    assert width > 200 and height > 100, f"the chart is drawn at {width}×{height} px"

    source = image.get_attribute("src")
    header, _, data = source.partition(",")
    assert header.startswith("data:image/svg+xml"), header
    svg = base64.b64decode(data).decode() if header.endswith(";base64") else urllib.parse.unquote(data)
    root = ET.fromstring(svg)
    assert root.tag == SVG_NS + "svg"
    assert root.find(SVG_NS + "title").text == "loss"
    texts = [t.text for t in root.iter(SVG_NS + "text")]
    assert "loss" in texts and "epoch" in texts, texts
    lines = root.findall(f".//{SVG_NS}g[@class='series']/{SVG_NS}path[@class='line']")
    assert len(lines) == 1, f"the chart has {len(lines)} lines, not 1"
    print(f"JupyterLab answered after {lab.start_seconds:.1f} s; "
          f"browser steps took {time.monotonic() - started:.1f} s")
