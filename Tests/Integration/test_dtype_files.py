"""safetensors and .npy files in every dtype between Soma and PyTorch/NumPy: Soma reads theirs with the
same dtype and values (its printed tensor names the dtype), and they read what Soma writes back with the
same dtype and the same bits."""
import json
import struct
import subprocess

import numpy as np
import pytest

torch = pytest.importorskip("torch")
safetensors_torch = pytest.importorskip("safetensors.torch")

# dtype name → (values, the tensor as Soma prints it). The values are ones printing shows exactly.
PRINTED = {
    "float32": ([1.5, -2.0, 0.25], "tensor([ 1.5000, -2.0000,  0.2500])"),
    # 2^24 + 1 has no float32: only a float64 tensor shows it.
    "float64": ([16777217.0, -0.5], "tensor([16777217.0000,       -0.5000], dtype: float64)"),
    "float16": ([0.5, -2.0, 65504.0], "tensor([    0.5000,    -2.0000, 65504.0000], dtype: float16)"),
    "bfloat16": ([1.0, -3.0, 256.0], "tensor([  1.,  -3., 256.], dtype: bfloat16)"),
    "int64": ([2**62 + 1, -2**63, 0],
              "tensor([ 4611686018427387905, -9223372036854775808,                    0], dtype: int64)"),
    "int32": ([2**31 - 1, -5], "tensor([2147483647,         -5], dtype: int32)"),
    "int16": ([-32768, 7], "tensor([-32768,      7], dtype: int16)"),
    "int8": ([-128, 127], "tensor([-128,  127], dtype: int8)"),
    "uint8": ([0, 255], "tensor([  0, 255], dtype: uint8)"),
    "bool": ([True, False, True], "tensor([ true, false,  true], dtype: bool)"),
}

# Values that printing rounds or cannot tell apart: compared bit for bit once Soma has written them back.
EXACT = {
    "float32": [float("nan"), -float("inf"), -0.0, 1e-45, 3.4028234663852886e38, 0.1],
    "float64": [float("nan"), 5e-324, -0.0, 0.1, 1.7976931348623157e308],
    "float16": [6e-8, -0.0, float("inf"), float("nan"), 0.1],
    "bfloat16": [1e-40, float("nan"), -0.0, 0.1, 3e38],
}


def soma_script(soma_bin, tmp_path, lines):
    script = tmp_path / "files.soma"
    script.write_text("\n".join(lines) + "\n")
    return subprocess.run([soma_bin, str(script)], capture_output=True, text=True, timeout=120)


def literal(path):
    return json.dumps(str(path))


def same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and \
        torch.equal(a.contiguous().view(torch.uint8), b.contiguous().view(torch.uint8))


def test_safetensors_from_pytorch_keep_their_dtype_both_ways(soma_bin, tmp_path):
    theirs = {name: torch.tensor(values, dtype=getattr(torch, name)) for name, (values, _) in PRINTED.items()}
    theirs |= {name + "_exact": torch.tensor(values, dtype=getattr(torch, name)) for name, values in EXACT.items()}
    theirs["int64_matrix"] = torch.arange(6, dtype=torch.int64).reshape(2, 3) * (2**40 + 3)
    safetensors_torch.save_file(theirs, tmp_path / "theirs.safetensors")
    r = soma_script(soma_bin, tmp_path, [
        f"let d = load({literal(tmp_path / 'theirs.safetensors')})",
        *[f'print("{name}", d["{name}"])' for name in PRINTED],
        f"save(d, {literal(tmp_path / 'ours.safetensors')})",
    ])
    assert r.returncode == 0, r.stderr
    printed = dict(line.split(" ", 1) for line in r.stdout.splitlines())
    for name, (_, text) in PRINTED.items():
        assert printed[name] == text, name
    ours = safetensors_torch.load_file(tmp_path / "ours.safetensors")
    assert sorted(ours) == sorted(theirs)
    for name, t in theirs.items():
        assert same_bits(ours[name], t), f"{name}: {ours[name]} vs {t}"


NUMPY_TYPES = [name for name in PRINTED if name != "bfloat16"]


def numpy_files(tmp_path):
    """Each file NumPy writes, with the array Soma must read from it and the dtype it keeps."""
    files = []
    for name in NUMPY_TYPES:
        a = np.array(PRINTED[name][0], dtype=name)
        files.append((name, a, a.dtype))
        if a.dtype.itemsize > 1:
            files.append((name + "_big_endian", a.astype(a.dtype.newbyteorder(">")), a.dtype))
        if name in EXACT:
            exact = np.array(EXACT[name], dtype=name)
            files.append((name + "_exact", exact, exact.dtype))
    matrix = (np.arange(6, dtype=np.int64).reshape(3, 2) * (2**40 + 3)).T   # NumPy writes it in Fortran order
    files.append(("int64_fortran", matrix, matrix.dtype))
    files.append(("bool_fortran", np.array([[True, False, False], [True, True, False]]).T, np.dtype(bool)))
    # Unsigned types wider than a byte become the smallest Soma type that holds every value.
    files.append(("uint16", np.array([0, 65535], dtype=np.uint16), np.dtype(np.int32)))
    files.append(("uint32", np.array([0, 2**32 - 1], dtype=">u4"), np.dtype(np.int64)))
    for name, a, _ in files:
        np.save(tmp_path / f"{name}.npy", a)
    return files


def test_npy_from_numpy_keep_their_dtype_both_ways(soma_bin, tmp_path):
    files = numpy_files(tmp_path)
    lines = []
    for i, (name, _, _) in enumerate(files):
        lines += [f"let t{i} = load({literal(tmp_path / (name + '.npy'))})", f'print("{name}", t{i})',
                  f"save(t{i}, {literal(tmp_path / (name + '_ours.npy'))})"]
    r = soma_script(soma_bin, tmp_path, lines)
    assert r.returncode == 0, r.stderr
    printed = {}
    for line in r.stdout.splitlines():
        name, text = line.split(" ", 1) if not line.startswith(" ") else (None, line)
        if name is None:
            printed[last] += "\n" + text
        else:
            printed[name] = text
            last = name
    for name in NUMPY_TYPES:
        assert printed[name] == PRINTED[name][1], name
        if name + "_big_endian" in printed:
            assert printed[name + "_big_endian"] == PRINTED[name][1], name
    assert printed["uint16"] == "tensor([    0, 65535], dtype: int32)"
    assert printed["int64_fortran"].endswith("shape: [2, 3], dtype: int64)")
    for name, a, dtype in files:
        ours = np.load(tmp_path / f"{name}_ours.npy")
        # Soma writes little-endian C order, NumPy's usual layout.
        assert ours.dtype == dtype.newbyteorder("<"), name
        assert ours.flags.c_contiguous and ours.shape == a.shape, name
        assert ours.tobytes() == np.ascontiguousarray(a.astype(ours.dtype)).tobytes(), name


def test_bfloat16_becomes_float32_in_npy(soma_bin, tmp_path):
    values = torch.tensor([1e-40, -3.0, 0.1, float("inf")], dtype=torch.bfloat16)
    safetensors_torch.save_file({"x": values}, tmp_path / "b.safetensors")
    r = soma_script(soma_bin, tmp_path, [
        f'save(load({literal(tmp_path / "b.safetensors")})["x"], {literal(tmp_path / "b.npy")})'])
    assert r.returncode == 0, r.stderr
    ours = np.load(tmp_path / "b.npy")
    assert ours.dtype == np.float32
    assert ours.tobytes() == values.float().numpy().tobytes()


def test_types_soma_lacks_are_named(soma_bin, tmp_path):
    np.save(tmp_path / "u64.npy", np.array([1, 2**64 - 1], dtype=np.uint64))
    r = soma_script(soma_bin, tmp_path, [f"load({literal(tmp_path / 'u64.npy')})"])
    assert r.returncode == 1
    assert "TypeError" in r.stderr and "uint64" in r.stderr
    header = json.dumps({"counts": {"dtype": "U16", "shape": [2], "data_offsets": [0, 4]}}).encode()
    header += b" " * (-len(header) % 8)
    (tmp_path / "u16.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + b"\x01\x00\xff\xff")
    r = soma_script(soma_bin, tmp_path, [f"load({literal(tmp_path / 'u16.safetensors')})"])
    assert r.returncode == 1
    assert "TypeError" in r.stderr and "'counts' has dtype U16" in r.stderr
