import TensorEngine

/// Writes and reads the named tensors of an optimizer's `state()`.
///
/// Buffers are copies, so a saved state does not follow later steps; counters are 0-d float64
/// tensors, which `save` writes to safetensors as they are and which hold any step count exactly.
struct OptimizerState {
    /// The optimizer's name, for messages.
    let optimizer: String
    private(set) var tensors: [String: Tensor]

    /// An empty state to add to.
    init(_ optimizer: String) {
        self.optimizer = optimizer
        tensors = [:]
    }

    /// A state to read, as `loadState` got it.
    init(_ optimizer: String, reading tensors: [String: Tensor]) {
        self.optimizer = optimizer
        self.tensors = tensors
    }

    /// Adds one buffer per parameter as `name.i`; nil and empty buffers (state not made yet, or an
    /// option switched off) are left out.
    mutating func add(_ name: String, _ buffers: [Tensor?]) throws {
        for (i, buffer) in buffers.enumerated() {
            if let buffer, buffer.count > 0 { tensors["\(name).\(i)"] = try buffer.copy() }
        }
    }

    /// Adds a counter.
    mutating func add(_ name: String, _ number: Double) throws {
        tensors[name] = try Tensor.full(checked: [], number, dtype: .float64)
    }

    /// Adds one counter per parameter as `name.i`.
    mutating func add(_ name: String, _ numbers: [Double]) throws {
        for (i, n) in numbers.enumerated() { try add("\(name).\(i)", n) }
    }

    /// The saved buffers `name.i` for `parameters`: a copy in the parameter's update type, or nil where
    /// none was saved; a ValueError where one does not have its parameter's shape.
    func savedBuffers(_ name: String, for parameters: [Tensor]) throws -> [Tensor?] {
        try parameters.enumerated().map { i, p in
            guard let saved = tensors["\(name).\(i)"] else { return nil }
            guard saved.shape == p.shape else {
                throw TensorError(.value, "\(optimizer).loadState: \(name).\(i) has shape \(saved.shape), but parameter \(i) has shape \(p.shape)")
            }
            let state = try OptimizerBuffers.state(for: p)
            try state.assign(saved)
            return state
        }
    }

    /// Like `savedBuffers`, with a fresh zero buffer (or an empty one where `used` is false) where none was saved.
    func buffers(_ name: String, for parameters: [Tensor], used: Bool = true, filledWith value: Double = 0) throws -> [Tensor] {
        try zip(parameters, try savedBuffers(name, for: parameters)).map { p, saved in
            if let saved, used { return saved }
            return used ? try OptimizerBuffers.state(for: p, filledWith: value) : try Tensor.full([0], 0)
        }
    }

    /// A saved counter, or a ValueError naming it when it is missing or not one number.
    func number(_ name: String) throws -> Double {
        guard let t = tensors[name] else {
            throw TensorError(.value, "\(optimizer).loadState: the state has no \(name) (was it saved from another optimizer?)")
        }
        guard t.count == 1 else { throw TensorError(.value, "\(optimizer).loadState: \(name) must be one number, not shape \(t.shape)") }
        return try t.itemValue()
    }

    /// A saved whole-number counter.
    func integer(_ name: String) throws -> Int {
        let n = try number(name)
        guard n >= 0, n < 0x1p53, n == n.rounded() else {
            throw TensorError(.value, "\(optimizer).loadState: \(name) must be a non-negative whole number (got \(n))")
        }
        return Int(n)
    }

    /// Saved per-parameter counters `name.i`, 0 where none was saved.
    func integers(_ name: String, count: Int) throws -> [Int] {
        try (0..<count).map { tensors["\(name).\($0)"] == nil ? 0 : try integer("\(name).\($0)") }
    }

    /// Saved per-parameter numbers `name.i`, `fallback` where none was saved.
    func numbers(_ name: String, count: Int, fallback: Double) throws -> [Double] {
        try (0..<count).map { tensors["\(name).\($0)"] == nil ? fallback : try number("\(name).\($0)") }
    }
}
