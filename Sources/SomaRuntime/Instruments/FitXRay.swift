import NN
import Plot
import TensorEngine

/// The training X-ray of `fit(..., xray: true)`: every `every` steps it measures, for each layer with
/// weights (Linear and convolutions, input side first), the gradient norm, the update-to-weight
/// ratio of the optimizer's step, the weight norm against its start, and the statistics of the
/// activations the layer receives: mean, standard deviation, the share of saturated units (inputs
/// in [0, 1] read as sigmoids, in [−1, 1] as tanh) and of ReLUs that never fire over the epoch's
/// recorded batches (inputs whose minimum is exactly 0 read as ReLUs). After each epoch it names what it sees with the thresholds a course uses.
///
/// A layer's input is the previous layer's activation whether that came from a layer or a function
/// (`sigmoid(fc(x))`), so the first layer's input, the data, is left out of the activation columns.
final class FitXRay {
    struct Layer {
        let name: String
        let module: any Module
        let weight: Tensor
        let initialNorm: Double
    }

    let every: Int
    let layers: [Layer]
    private(set) var record = XRayRecord()
    private var hookIDs: [(ForwardHooks, Int)] = []
    /// Whether the current step is recorded.
    private var active = false
    private var values: [String: [String: Double]] = [:]
    private var weightsBefore: [Tensor] = []
    /// Per layer: which input units fired in any recorded batch of this epoch (ReLU-like inputs only).
    private var fired: [String: [Bool]] = [:]
    /// Diagnoses already made, so each is said once.
    private var said = Set<String>()

    /// Thresholds of the diagnoses, as a course states them.
    enum Threshold {
        /// First layer's gradient RMS over the last's below this: vanishing; above its inverse: exploding.
        static let vanishing = 1e-3
        static let deadShare = 0.4
        static let saturatedShare = 0.5
        /// Median update/weight ratio above: the learning rate is too high; below `tooLow`: too low.
        static let tooHigh = 0.1, tooLow = 1e-5
    }

    init(_ root: any Module, every: Int) throws {
        self.every = max(1, every)
        var found: [Layer] = []
        func walk(_ m: any Module, _ path: String) {
            if m is Linear || m is Conv1d || m is Conv2d || m is Conv3d || m is ConvTranspose1d || m is ConvTranspose2d,
               let w = m.namedParameters().first(where: { $0.0 == "weight" })?.1 {
                found.append(Layer(name: "", module: m, weight: w, initialNorm: FitXRay.norm(w)))
            }
            for (name, child) in m.children { walk(child, path.isEmpty ? name : path + "." + name) }
        }
        walk(root, "")
        layers = found.enumerated().map { k, l in Layer(name: "layer \(k + 1)", module: l.module, weight: l.weight, initialNorm: l.initialNorm) }
        record.layers = layers.map(\.name)
        for (k, layer) in layers.enumerated() where k > 0 {
            let hooks = layer.module.forwardHooks
            let name = layer.name
            hookIDs.append((hooks, hooks.addPre { [weak self] _, input in
                self?.observe(input: input, of: name)
                return nil
            }))
        }
    }

    /// Removes the hooks: the model runs as it did before.
    func finish() {
        for (hooks, id) in hookIDs { hooks.remove(id) }
        hookIDs = []
    }

    deinit { finish() }

    /// Before the forward pass of step `step` (counted from 0 over the whole run).
    func beginStep(_ step: Int) {
        active = step % every == 0
        values = [:]
    }

    /// After backward, before the optimizer's step: the gradients, and the weights to compare.
    func afterBackward() throws {
        guard active else { return }
        for layer in layers {
            if let g = layer.weight.grad { values["gradNorm", default: [:]][layer.name] = Self.norm(g) }
        }
        weightsBefore = try layers.map { try $0.weight.copy() }
    }

    /// After the optimizer's step, at `epoch` (a fraction): the update ratio and drift, then the record.
    func afterStep(epoch: Double) throws {
        guard active else { return }
        active = false
        for (layer, before) in zip(layers, weightsBefore) {
            let w = Self.norm(before)
            let update = Self.norm(try noGrad { try layer.weight - before })
            values["updateRatio", default: [:]][layer.name] = w > 0 ? update / w : .nan
            values["weightDrift", default: [:]][layer.name] = layer.initialNorm > 0 ? Self.norm(layer.weight) / layer.initialNorm : .nan
        }
        weightsBefore = []
        record.append(step: epoch, values)
    }

    /// What the activations reaching layer `name` say, during a recorded step: one vectorized pass
    /// for the statistics, a second only for saturation or dead units.
    private func observe(input: Tensor, of name: String) {
        guard active, input.dtype.isFloatingPoint, input.count > 0 else { return }
        let stats = input.withUnsafeValues(Self.summary)
        let n = Double(input.count), mean = stats.sum / n
        values["activationMean", default: [:]][name] = mean
        values["activationStd", default: [:]][name] = max(0, stats.squares / n - mean * mean).squareRoot()
        // A minimum of exactly 0 marks ReLUs (a sigmoid reaches 0 only far out, where float32 underflows).
        if stats.lo > 0 && stats.hi <= 1 {
            let saturated = input.withUnsafeValues { v in v.reduce(0) { $0 + ($1 < 0.01 || $1 > 0.99 ? 1 : 0) } }
            values["saturated", default: [:]][name] = Double(saturated) / n
        } else if stats.lo >= -1 && stats.hi <= 1 && stats.lo < 0 {
            let saturated = input.withUnsafeValues { v in v.reduce(0) { $0 + (abs($1) > 0.99 ? 1 : 0) } }
            values["saturated", default: [:]][name] = Double(saturated) / n
        } else if stats.lo == 0, input.rank >= 2 {
            // ReLU-like: a unit (feature, or channel of an image) that is zero for every sample.
            let samples = input.shape[0], units = input.shape[1], per = input.count / max(1, samples * units)
            var firing = fired[name] ?? Array(repeating: false, count: units)
            guard firing.count == units else { return }
            input.withUnsafeValues { v in
                for s in 0..<samples {
                    for u in 0..<units where !firing[u] {
                        let start = (s * units + u) * per
                        if v[start..<(start + per)].contains(where: { $0 > 0 }) { firing[u] = true }
                    }
                }
            }
            fired[name] = firing
            values["dead", default: [:]][name] = Double(firing.filter { !$0 }.count) / Double(units)
        }
    }

    /// Minimum, maximum, sum and sum of squares, eight lanes at a time.
    static func summary(_ v: UnsafeBufferPointer<Float>) -> (lo: Float, hi: Float, sum: Double, squares: Double) {
        var lo = SIMD8<Float>(repeating: .infinity), hi = SIMD8<Float>(repeating: -.infinity)
        var sum = SIMD8<Float>(), squares = SIMD8<Float>()
        let n = v.count
        var i = 0
        if let base = v.baseAddress {
            while i + 8 <= n {
                let x = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Float>.self)
                // Blends, not pointwiseMin/Max, whose generic form is not inlined here.
                lo.replace(with: x, where: x .< lo)
                hi.replace(with: x, where: x .> hi)
                sum += x
                squares += x * x
                i += 8
            }
        }
        var l = lo.min(), h = hi.max(), s = Double(sum.sum()), q = Double(squares.sum())
        while i < n {
            let x = v[i]
            l = min(l, x); h = max(h, x); s += Double(x); q += Double(x) * Double(x)
            i += 1
        }
        return (l, h, s, q)
    }

    /// The diagnoses of the epoch just ended that were not made before, each naming the notebook that
    /// explains it; starts the next epoch's count of ReLUs that never fire.
    func endEpoch() -> [String] {
        defer { fired = [:] }
        var found: [(key: String, text: String)] = []
        func latest(_ metric: String, _ layer: String) -> Double? {
            record.series[metric]?[layer]?.last(where: \.isFinite)
        }
        let rms = layers.map { l -> Double? in latest("gradNorm", l.name).map { $0 / Double(max(1, l.weight.count)).squareRoot() } }
        if let first = rms.first ?? nil, let last = rms.last ?? nil, layers.count >= 2, last > 0 {
            let ratio = first / last
            let names = "\(layers[0].name)'s gradient is \(Self.number(ratio)) of \(layers[layers.count - 1].name)'s"
            if ratio < Threshold.vanishing {
                found.append(("vanishing", "\(names): vanishing gradient — the first layers barely learn (see notebook 05: residual connections, batch norm, ReLU with He initialization)"))
            } else if ratio > 1 / Threshold.vanishing {
                found.append(("exploding", "\(names): exploding gradient — clip the gradient norm (clipNorm:) or lower the learning rate (see notebook 05)"))
            }
        }
        for layer in layers {
            if let dead = latest("dead", layer.name), dead > Threshold.deadShare {
                found.append(("dead " + layer.name, "\(Self.percent(dead)) of the ReLUs feeding \(layer.name) never fire: dead ReLUs — lower the learning rate or use LeakyReLU (see notebook 03)"))
            }
            if let saturated = latest("saturated", layer.name), saturated > Threshold.saturatedShare {
                found.append(("saturated " + layer.name, "\(Self.percent(saturated)) of the units feeding \(layer.name) are saturated (at their bounds, where their slope is near 0): their gradients vanish — initialize smaller (Xavier) or normalize (see notebook 05)"))
            }
        }
        // The update/weight ratio, in one finding for all layers too high and one for all too low; a
        // vanishing gradient already explains ratios that are too low.
        var high: [String] = [], low: [String] = []
        for layer in layers {
            guard let ratios = record.series["updateRatio"]?[layer.name]?.filter(\.isFinite), !ratios.isEmpty else { continue }
            let median = ratios.sorted()[ratios.count / 2]
            if median > Threshold.tooHigh { high.append("\(Self.number(median)) in \(layer.name)") }
            if median < Threshold.tooLow { low.append("\(Self.number(median)) in \(layer.name)") }
        }
        if !high.isEmpty {
            found.append(("high", "the update/weight ratio is \(high.joined(separator: ", ")) (about 0.001 is healthy): learning rate too high (see notebook 04)"))
        }
        if !low.isEmpty && !found.contains(where: { $0.key == "vanishing" }) && !said.contains("vanishing") {
            found.append(("low", "the update/weight ratio is \(low.joined(separator: ", ")) (about 0.001 is healthy): learning rate too low, or those layers are frozen (see notebook 04)"))
        }
        // Each finding once per layer: its numbers may change from epoch to epoch.
        let fresh = found.filter { said.insert($0.key).inserted }.map(\.text)
        record.diagnoses += fresh
        return fresh
    }

    /// The Frobenius norm.
    static func norm(_ t: Tensor) -> Double {
        t.withUnsafeValues { summary($0).squares }.squareRoot()
    }

    static func number(_ x: Double) -> String { NumberFormat.compact(x, significant: 2) }
    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
}
