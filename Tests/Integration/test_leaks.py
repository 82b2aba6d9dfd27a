"""Memory that is given back: loops that build and drop user-defined models, or train with local
closures, end with the resident memory of one iteration, whatever the number of iterations.

Each script runs twice, with N and 5N iterations; a leak of even a few kilobytes per iteration shows
as a difference in peak resident memory (ru_maxrss) between the two runs.
"""
import os
import subprocess
import textwrap

MODELS = """
layer Block(d) {
    let fc = Linear(d, d)
    var calls = 0
    fn act(x) { relu(x) }
    fn forward(x) { calls += 1
        self.act(fc(x)) + act(x) }
}
layer Net(d) {
    let blocks = [Block(d), Block(d)]
    let named = ["head": Linear(d, 1)]
    fn forward(x) {
        var h = x
        for b in blocks { h = b(h) }
        named["head"](h)
    }
}
for i in 0..<ITERATIONS {
    let model = Net(64)
    let wrapped = Sequential(model, Tanh())
    let opt = Adam(model.parameters(), lr: 0.01)
    let loss = wrapped(randn([8, 64])).sum()
    loss.backward()
    opt.step()
}
print("done")
"""

CLOSURES = """
let model = Sequential(Linear(16, 32), ReLU(), Linear(32, 1))
let opt = SGD(model.parameters(), lr: 0.01)
let x = randn([32, 16])
let y = randn([32, 1])
fn step() {
    let scale = tensor(0.5)
    let noise = randn([64, 64])
    let loss = fn(p, t) { mse(p * scale, t) }
    fn clipped(n) { if n <= 0 { 0 } else { clipped(n - 1) } }
    clipped(3)
    opt.zeroGrad()
    let l = loss(model(x), y)
    l.backward()
    opt.step()
    l.item() + noise.mean().item() * 0
}
for i in 0..<ITERATIONS { step() }
print("done")
"""


def peak_rss_kb(soma_bin, tmp_path, code, iterations):
    script = tmp_path / f"leak_{iterations}.soma"
    script.write_text(textwrap.dedent(code).replace("ITERATIONS", str(iterations)))
    proc = subprocess.Popen([soma_bin, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    out, err = proc.stdout.read(), proc.stderr.read()
    assert os.waitstatus_to_exitcode(status) == 0, err
    assert out.strip().endswith("done")
    return usage.ru_maxrss


def assert_flat(soma_bin, tmp_path, code, n):
    small = peak_rss_kb(soma_bin, tmp_path, code, n)
    large = peak_rss_kb(soma_bin, tmp_path, code, 5 * n)
    print(f"peak RSS: {small} KB after {n} iterations, {large} KB after {5 * n}")
    # 4n more iterations may cost allocator noise, not memory per iteration (a 1 KB leak would add 4n KB).
    assert large - small < 4096, f"{large - small} KB more after {4 * n} more iterations"


def test_dropped_user_models_are_freed(soma_bin, tmp_path):
    assert_flat(soma_bin, tmp_path, MODELS, 100)


def test_training_with_local_closures_keeps_memory_flat(soma_bin, tmp_path):
    assert_flat(soma_bin, tmp_path, CLOSURES, 1000)
