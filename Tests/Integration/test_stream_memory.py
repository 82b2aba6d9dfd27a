"""Data sets larger than their buffers: a CSVStream and an NpyDataset read files written by NumPy batch by
batch, and the process's memory grows by far less than the file (its peak resident size for the CSV,
which is read with read(); its anonymous memory for the .npy, whose mapped pages are the file's)."""
import json
import re
import subprocess

import numpy as np

ROWS = 3_000_000  # about 36 MB of CSV and 48 MB of .npy


def run(soma_bin, tmp_path, code):
    script = tmp_path / "stream.soma"
    script.write_text(code)
    out = subprocess.run([soma_bin, str(script)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def status(text, field):
    """A /proc status field in bytes, from the text a script printed."""
    return int(re.search(rf"{field}:\s+(\d+) kB", text).group(1)) * 1024


def test_a_streamed_csv_keeps_the_peak_resident_size_small(soma_bin, tmp_path):
    path = tmp_path / "big.csv"
    ids = np.arange(ROWS)
    np.savetxt(path, np.stack([ids, ids % 7, ids % 3], axis=1), fmt="%d", delimiter=",", header="id,f,label", comments="")
    size = path.stat().st_size
    baseline = run(soma_bin, tmp_path, 'print(readText("/proc/self/status"))\n')
    out = run(soma_bin, tmp_path, f"""
let loader = DataLoader(CSVStream({json.dumps(str(path))}, target: "label"), batchSize: 256, shuffle: true, shuffleBuffer: 1000)
var rows = 0
var sum = 0
for batch in loader {{
    rows = rows + batch[0].shape[0]
    sum = sum + batch[0][:, 1].sum().item()
}}
print(rows, sum)
print(readText("/proc/self/status"))
""")
    assert out.splitlines()[0] == f"{ROWS} {int((ids % 7).sum())}"
    growth = status(out, "VmHWM") - status(baseline, "VmHWM")
    assert growth < size / 2, f"peak resident size grew by {growth} bytes streaming a {size}-byte file"


def test_a_mapped_npy_leaves_its_rows_on_disk(soma_bin, tmp_path):
    path = tmp_path / "big.npy"
    data = np.zeros((ROWS, 4), dtype=np.float32)
    data[:, 0] = np.arange(ROWS)
    np.save(path, data)
    size = path.stat().st_size
    out = run(soma_bin, tmp_path, f"""
let before = readText("/proc/self/status")
let loader = DataLoader(NpyDataset({json.dumps(str(path))}), batchSize: 512, shuffle: true)
var rows = 0
for xb in loader {{ rows = rows + xb.shape[0] }}
print(rows)
print(before)
print("after")
print(readText("/proc/self/status"))
""")
    assert out.splitlines()[0] == str(ROWS)
    before, after = out.split("\nafter\n")
    growth = status(after, "RssAnon") - status(before, "RssAnon")
    assert growth < size / 4, f"anonymous memory grew by {growth} bytes reading a {size}-byte file"
