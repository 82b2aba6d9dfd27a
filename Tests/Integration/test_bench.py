"""The benchmark runs: every workload, three ways, once each (smoke mode), through bench/run.py.

This checks that each side of each workload runs and reports, and that the report counts what it
should; it times nothing (`make bench` does, on a release build).
"""
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import report  # noqa: E402

# Workloads that only a language has (string building, list conversion): no engine side.
LANGUAGE_ONLY = {"string_append_100k", "tensor_nested"}


@pytest.fixture(scope="module")
def smoke_run(soma_bin, tmp_path_factory):
    build = pathlib.Path(soma_bin).parent
    assert (build / "soma-bench").exists(), f"build soma-bench first: {build / 'soma-bench'} is missing"
    out = tmp_path_factory.mktemp("bench") / "RESULTS.md"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--settings", "one",
                           "--no-kernel", "--results", str(out)],
                          env=dict(os.environ, SOMA_BENCH_BUILD=str(build)), cwd=ROOT, capture_output=True,
                          text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    return out.read_text(), json.loads(out.with_suffix(".json").read_text()), done.stderr


def test_every_workload_runs_three_ways(smoke_run):
    _, results, log = smoke_run
    rows = results["settings"][0]["rows"]
    names = {r["name"] for r in rows}
    assert {"xor_2_8_1", "mlp_784_128_10_b64", "cnn_28x28_b32", "matmul_64"} <= names
    for name in sorted(names):
        sides = {r["impl"]: r for r in rows if r["name"] == name}
        wanted = {"lang", "torch"} | (set() if name in LANGUAGE_ONLY else {"engine"})
        assert wanted <= set(sides), f"{name}: sides {sorted(sides)}, wanted {sorted(wanted)}\n{log[-2000:]}"
        for impl, r in sides.items():
            assert not r["failed"] and r["value"] and r["value"] > 0, f"{name} {impl}: {r}\n{log[-2000:]}"
            assert r["peak_mib"] > 1, f"{name} {impl}: no peak memory"
            assert r["first"] is not None, f"{name} {impl}: never reported its first call"
        units = {r["unit"] for impl, r in sides.items() if impl != "cblas"}
        assert len(units) == 1, f"{name}: the sides report different units {units}"
        params = {impl: r.get("params", 0) for impl, r in sides.items() if impl != "cblas"}
        if any(params.values()):
            assert len(set(params.values())) == 1, f"{name}: the sides train different models: parameters {params}"


def test_every_workload_is_described_in_the_report(smoke_run):
    _, results, _ = smoke_run
    names = {r["name"] for r in results["settings"][0]["rows"]}
    assert names <= set(report.WORKLOADS), f"describe these in bench/report.py: {sorted(names - set(report.WORKLOADS))}"


def test_report_marks_a_loaded_measurement_as_not_counted(smoke_run):
    _, results, _ = smoke_run
    results = dict(results, config="quick")  # a smoke run checks no target
    setting = dict(results["settings"][0])
    rows = [dict(r) for r in setting["rows"] if r["name"] == "xor_2_8_1"]
    for r in rows:
        r.update(foreign=0.0, spread=1.0, value=1.0 if r["impl"] != "lang" else 100.0)
    quiet = report.render(dict(results, settings=[dict(setting, rows=rows)]))
    assert "| XOR 2-8-1" in quiet and "not counted" not in quiet.split("## ")[1]
    assert "**Targets:** " in quiet and "0 not counted" in quiet
    rows[0]["foreign"] = 0.9
    loaded = report.render(dict(results, settings=[dict(setting, rows=rows)]))
    assert "1 not counted" in loaded and "other processes used 0.90 cores" in loaded
    rows[0].update(foreign=0.0, value=1.0)
    missed = report.render(dict(results, settings=[dict(setting, rows=rows)]))
    assert "xor_2_8_1 (one): language / PyTorch 1.00× < 25×" in missed


def test_a_smoke_report_checks_no_target(smoke_run):
    text, _, _ = smoke_run
    assert "**A smoke run:**" in text and "**Targets:** 0 met, 0 missed, 0 not counted" in text
    assert "MISSED" not in text


def test_report_shows_start_up_and_memory(smoke_run):
    text, results, _ = smoke_run
    assert "`soma one-line script`" in text and "`python -c 'import torch'`" in text
    assert "peak MiB" in text
    startup = results["startup"]["one"]
    assert all(wall > 0 and peak > 1 for wall, peak in startup.values())


def test_the_instruments_cost_benchmark_runs_both_workloads(soma_bin):
    done = subprocess.run([soma_bin, str(ROOT / "bench" / "soma" / "instruments.soma"), "smoke"], capture_output=True, text=True,
                          timeout=300, cwd=ROOT / "bench" / "soma")
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and " ms |" in line]
    assert len(rows) == 2
    for row in rows:
        plain, xray, xray_cost, record, record_cost = row.strip("| ").split(" | ")[1:]
        assert all(float(t.split()[0]) > 0 for t in (plain, xray, record))
        assert xray_cost.endswith("%") and record_cost.endswith("%")
