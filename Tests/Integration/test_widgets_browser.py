"""Widgets in a real browser: JupyterLab with the ipywidgets extension renders a Soma slider made by
`interact`; moving it with the keyboard changes the Soma value and redraws the chart the function
returns. Uses test_browser's JupyterLab server and headless Chromium (started once for the module)."""
import nbformat

import test_browser
from test_browser import start_chromium, wait_for

lab = test_browser.lab  # the module's JupyterLab server, started once

CELLS = [
    'let n = slider("n", 1...10, value: 3)\n'
    'fn draw(n) {\n  print("drawing \\(n)")\n  return plot([1, n, n * n], title: "n \\(n)")\n}\n'
    'interact(draw, n: n)',
    'print("value \\(n.value)")',
]


# The titles of the charts in widget output areas, read in one script: the output area replaces its
# images as the chart is redrawn, so element handles held across calls would go stale.
CHART_TITLES = """
return [...document.querySelectorAll(".widget-output .jp-OutputArea-output[data-mime-type='image/svg+xml'] img")].map(img => {
  const [header, data] = img.src.split(",");
  const svg = header.endsWith(";base64") ? atob(data) : decodeURIComponent(data);
  const title = svg.match(/<title>(.*?)<\\/title>/);
  return title ? title[1] : "";
});
"""


def test_a_slider_moved_in_the_browser_changes_the_value_and_redraws(lab):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "soma", "display_name": "Soma", "language": "soma"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbformat.write(nb, lab.root / "widgets.ipynb")

    chromium = start_chromium()
    try:
        chromium.get(lab.url("widgets.ipynb"))
        wait_for(chromium, "the Soma kernel to be idle", lambda d: d.execute_script(
            "const s = document.querySelector('.jp-Notebook-ExecutionIndicator');"
            "const n = document.querySelector('.jp-KernelName');"
            "return s && n && n.textContent.trim() == 'Soma' && s.getAttribute('data-status') == 'idle';"))

        def run_cell(index):
            editors = chromium.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell .cm-content")
            editors[index].click()
            ActionChains(chromium).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()

        run_cell(0)
        error_output = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        chart = ".widget-output .jp-OutputArea-output[data-mime-type='image/svg+xml'] img"
        found = wait_for(chromium, "the slider and the chart drawn by interact", lambda d: (
            d.find_elements(By.CSS_SELECTOR, error_output)
            or (d.find_elements(By.CSS_SELECTOR, ".widget-slider .noUi-handle") and d.find_elements(By.CSS_SELECTOR, chart))))
        errors = chromium.find_elements(By.CSS_SELECTOR, error_output)
        assert not errors, f"the cell failed: {errors[0].text}"
        assert found
        assert chromium.execute_script(CHART_TITLES) == ["n 3"]
        readout = chromium.find_element(By.CSS_SELECTOR, ".widget-slider .widget-readout")
        assert readout.text.strip() == "3"

        # The keyboard moves the slider: one step right, then to the end.
        handle = chromium.find_element(By.CSS_SELECTOR, ".widget-slider .noUi-handle")
        chromium.execute_script("arguments[0].focus();", handle)
        ActionChains(chromium).send_keys(Keys.ARROW_RIGHT).perform()
        wait_for(chromium, "the chart redrawn for n = 4", lambda d: d.execute_script(CHART_TITLES) == ["n 4"])
        ActionChains(chromium).send_keys(Keys.END).perform()
        # One chart: each run replaces the output area's contents.
        wait_for(chromium, "the chart redrawn for n = 10", lambda d: d.execute_script(CHART_TITLES) == ["n 10"])

        run_cell(1)
        wait_for(chromium, "the value printed by the second cell", lambda d: d.execute_script(
            "return [...document.querySelectorAll('.jp-OutputArea-output')].some(e => e.textContent.includes('value 10'));"))
    finally:
        chromium.quit()
