"""Writes every case of cases.py into a folder: `<name>.safetensors` (inputs, PyTorch's float64
results), `<name>.state.safetensors` for layers, and `<name>.soma`, the script that redoes the case in
Soma and prints `FAIL …` for every value beyond the tolerance, then `done`.

Usage: python generate.py FOLDER   (the integration test calls `write_all`).
"""
import sys
import zlib
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import save_file

import cases

CHECK = '''fn check(what, got, want, atol, rtol) {
    if got == nil {
        print("FAIL \\(what): no value")
        return nil
    }
    if got.shape != want.shape {
        print("FAIL \\(what): shape \\(got.shape), PyTorch's \\(want.shape)")
        return nil
    }
    let excess = ((got - want).abs() - want.abs() * rtol - atol).max().item()
    if isNaN(excess) or excess > 0 {
        let worst = (got - want).abs().max().item()
        print("FAIL \\(what): differs by up to \\(worst), beyond \\(atol) + \\(rtol)·|PyTorch's value|")
    }
    return nil
}

fn entry(dictionary, key) {
    if dictionary.contains(key) { return dictionary[key] }
    return nil
}

fn gradientOf(dictionary, key) {
    if dictionary.contains(key) { return dictionary[key].grad }
    return nil
}
'''


def f32(a):
    """The float32 numbers both sides start from, as float64."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def tensors(arrays, dtype=np.float32):
    # np.array, not np.ascontiguousarray, which turns a 0-d result into shape [1].
    return {k: np.array(v, dtype=dtype, order="C") for k, v in arrays.items()}


def literal(x):
    return repr(float(x))


def write_op(case, folder, rng, float64=False):
    """The script of an op case; with `float64`, the files hold float64, so Soma computes in float64
    and must agree to the case's float64 tolerance."""
    values = {k: f32(d.sample(rng)) for k, d in case.inputs.items()}
    ts = {k: torch.tensor(v, dtype=torch.float64, requires_grad=case.grad and case.inputs[k].differentiable)
          for k, v in values.items()}
    out = case.torch(**ts)
    w = f32(rng.standard_normal(tuple(out.shape)))
    arrays = {"input." + k: v for k, v in values.items()}
    arrays.update({"weight.out": w, "out": out.detach().numpy()})
    grads = []
    if case.grad:
        (out * torch.tensor(w)).sum().backward()
        for k, t in ts.items():
            if t.requires_grad:
                arrays["grad." + k] = t.grad.numpy() if t.grad is not None else np.zeros(t.shape)
                grads.append(k)
    data = folder / f"op{'64' if float64 else ''}.{case.name}.safetensors"
    save_file(tensors(arrays, np.float64 if float64 else np.float32), str(data))
    tol = f"{literal(case.atol64)}, {literal(case.rtol64)}" if float64 else f"{literal(case.atol)}, {literal(case.rtol)}"
    lines = [CHECK, f'let reference = load("{data}")']
    for k, d in case.inputs.items():
        source = f'reference["input.{k}"]'
        lines.append(f'let {k} = tensor({source}, requiresGrad: true)' if k in grads else f'let {k} = {source}')
    lines.append(f"let out = {case.soma}")
    if grads:
        lines.append('(out * reference["weight.out"]).sum().backward()')
    lines.append(f'check("output", out, reference["out"], {tol})')
    for k in grads:
        lines.append(f'check("gradient of {k}", {k}.grad, reference["grad.{k}"], {tol})')
    lines.append('print("done")')
    return "\n".join(lines) + "\n"


def write_layer(case, folder, rng, float64=False):
    """The script of a layer case; with `float64`, the files hold float64 and Soma converts the layer
    with `double()` before loading the state, so it computes in float64."""
    torch.manual_seed(int(rng.integers(0, 2**31)))
    module = case.torch().double()
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.tensor(f32(p.numpy())))
    module.train(case.train)
    # Copies: the forward pass updates running statistics in place.
    state = {k: v.detach().numpy().copy() for k, v in module.state_dict().items() if v.is_floating_point()}
    x = f32(case.input.sample(rng))
    differentiable = case.input.differentiable
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=differentiable)
    extra = {k: f32(d.sample(rng)) for k, d in case.inputs.items()}
    extra_t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=case.inputs[k].differentiable) for k, v in extra.items()}
    x_in = xt if differentiable else xt.long()
    result = case.forward(module, x_in, **extra_t) if case.forward else module(x_in)
    out = case.output(result) if case.output else result
    w = f32(rng.standard_normal(tuple(out.shape)))
    (out * torch.tensor(w)).sum().backward()
    arrays = {"input.x": x, "weight.out": w, "out": out.detach().numpy()}
    if differentiable:
        arrays["grad.x"] = xt.grad.numpy()
    arrays.update({"input." + k: v for k, v in extra.items()})
    arrays.update({"grad." + k: t.grad.numpy() if t.grad is not None else np.zeros(t.shape)
                   for k, t in extra_t.items() if t.requires_grad})
    names = [n for n, _ in module.named_parameters()]
    for n, p in module.named_parameters():
        arrays["grad." + n] = p.grad.numpy()
    buffers = [n for n, b in module.named_buffers() if b.is_floating_point()]
    for n, b in module.named_buffers():
        if b.is_floating_point():
            arrays["buffer." + n] = b.numpy()
    prefix = "layer64" if float64 else "layer"
    data, state_file = folder / f"{prefix}.{case.name}.safetensors", folder / f"{prefix}.{case.name}.state.safetensors"
    dtype = np.float64 if float64 else np.float32
    save_file(tensors(arrays, dtype), str(data))
    save_file(tensors(state, dtype), str(state_file))
    tol = f"{literal(case.atol64)}, {literal(case.rtol64)}" if float64 else f"{literal(case.atol)}, {literal(case.rtol)}"
    lines = [CHECK, f'let reference = load("{data}")', f"let m = {case.soma}"] + (["m.double()"] if float64 else []) + [
             f'loadState(m, "{state_file}")',
             "m.train()" if case.train else "m.eval()",
             'let x = tensor(reference["input.x"], requiresGrad: true)' if differentiable else 'let x = reference["input.x"]',
             ] + [f'let {k} = tensor(reference["input.{k}"], requiresGrad: true)' if d.differentiable else f'let {k} = reference["input.{k}"]'
                  for k, d in case.inputs.items()] + [
             f"let result = {case.call}",
             f"let out = {case.pick}" if case.output else "let out = result",
             '(out * reference["weight.out"]).sum().backward()',
             f'check("output", out, reference["out"], {tol})']
    if differentiable:
        lines.append(f'check("gradient of the input", x.grad, reference["grad.x"], {tol})')
    for k, d in case.inputs.items():
        if d.differentiable:
            lines.append(f'check("gradient of {k}", {k}.grad, reference["grad.{k}"], {tol})')
    lines.append("let named = m.namedParameters()")
    for n in names:
        lines.append(f'check("gradient of {n}", gradientOf(named, "{n}"), reference["grad.{n}"], {tol})')
    if buffers:
        lines.append("let buffers = m.namedBuffers()")
        for n in buffers:
            lines.append(f'check("buffer {n}", entry(buffers, "{n}"), reference["buffer.{n}"], {tol})')
    lines.append('print("done")')
    return "\n".join(lines) + "\n"


def write_optimizer(case, folder, rng, float64=False):
    """The script of an optimizer case; with `float64`, the parameters and gradients are float64."""
    start = [f32(rng.standard_normal(s)) for s in case.shapes]
    grads = [[f32(rng.standard_normal(s)) for s in case.shapes] for _ in range(case.steps)]
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in start]
    opt = case.torch(params)
    arrays = {f"param.{i}": p for i, p in enumerate(start)}
    for s in range(case.steps):
        opt.zero_grad()
        for i, p in enumerate(params):
            p.grad = torch.tensor(grads[s][i])
            arrays[f"grad.{s}.{i}"] = grads[s][i]
        opt.step()
        for i, p in enumerate(params):
            arrays[f"after.{s}.{i}"] = p.detach().numpy().copy()
    data = folder / f"optimizer{'64' if float64 else ''}.{case.name}.safetensors"
    save_file(tensors(arrays, np.float64 if float64 else np.float32), str(data))
    tol = f"{literal(case.atol64)}, {literal(case.rtol64)}" if float64 else f"{literal(case.atol)}, {literal(case.rtol)}"
    count = len(case.shapes)
    lines = [CHECK, f'let reference = load("{data}")']
    lines += [f'let p{i} = tensor(reference["param.{i}"], requiresGrad: true)' for i in range(count)]
    lines.append("let params = [" + ", ".join(f"p{i}" for i in range(count)) + "]")
    lines.append(f"let opt = {case.soma}")
    lines.append(f"for s in 0..<{case.steps} {{")
    lines.append("    opt.zeroGrad()")
    terms = " + ".join(f'(p{i} * reference["grad.\\(s).{i}"]).sum()' for i in range(count))
    lines.append(f"    ({terms}).backward()")
    lines.append("    opt.step()")
    for i in range(count):
        lines.append(f'    check("parameter {i} after step \\(s + 1)", p{i}, reference["after.\\(s).{i}"], {tol})')
    lines.append("}")
    lines.append('print("done")')
    return "\n".join(lines) + "\n"


def write_schedule(case, folder, rng):
    groups = [{"params": [torch.zeros(1, requires_grad=True)]}]
    soma_groups = '["params": [tensor([0], requiresGrad: true)]]'
    if case.groups == 2:
        groups.append({"params": [torch.zeros(1, requires_grad=True)], "lr": 0.05})
        soma_groups += ', ["params": [tensor([0], requiresGrad: true)], "lr": 0.05]'
    opt = torch.optim.SGD(groups, lr=0.1)
    schedule = case.torch(opt)
    rates = []
    for _ in range(case.steps):
        opt.step()
        schedule.step()
        rates += [g["lr"] for g in opt.param_groups]
    data = folder / f"schedule.{case.name}.safetensors"
    save_file(tensors({"rates": np.array(rates)}), str(data))
    tol = f"{literal(case.atol)}, {literal(case.rtol)}"
    record = "    for g in opt.paramGroups { rates.append(g[\"lr\"]) }"
    return "\n".join([CHECK, f'let reference = load("{data}")', f"let opt = SGD([{soma_groups}], lr: 0.1)",
                      f"let schedule = {case.soma}", "let rates = []", f"for s in 0..<{case.steps} {{",
                      "    opt.step()", "    schedule.step()", record, "}",
                      f'check("rates", tensor(rates), reference["rates"], {tol})', 'print("done")']) + "\n"


def write_all(folder):
    """Writes every case; returns [(name, script path)]."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, table, write in (("op", cases.OPS, write_op), ("layer", cases.LAYERS, write_layer),
                               ("optimizer", cases.OPTIMIZERS, write_optimizer), ("schedule", cases.SCHEDULES, write_schedule)):
        for case in table:
            # Each case draws from its own seed, so adding a case changes no other case's numbers.
            rng = np.random.default_rng(zlib.crc32(f"{kind}/{case.name}".encode()))
            script = folder / f"{kind}.{case.name}.soma"
            script.write_text(write(case, folder, rng))
            written.append((f"{kind} {case.name}", script))
    return written


def write_all_float64(folder):
    """Writes every op, layer and optimizer case with float64 inputs, parameters and references;
    returns [(name, script path)]."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, table, write in (("op", cases.OPS, write_op), ("layer", cases.LAYERS, write_layer),
                               ("optimizer", cases.OPTIMIZERS, write_optimizer)):
        for case in table:
            rng = np.random.default_rng(zlib.crc32(f"{kind}/{case.name}".encode()))
            script = folder / f"{kind}64.{case.name}.soma"
            script.write_text(write(case, folder, rng, float64=True))
            written.append((f"{kind} {case.name}", script))
    return written


if __name__ == "__main__":
    for name, path in write_all(sys.argv[1]):
        print(name, path)
