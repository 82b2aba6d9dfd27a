import TensorEngine

/// Saving and restoring a model's state (parameters and buffers) as a safetensors file.
///
/// Names are the dotted paths of `namedParameters()`/`namedBuffers()` (`0.weight`, `fc1.bias`), the
/// same as PyTorch's `state_dict()` keys for the same architecture, so a file saved here loads into the
/// PyTorch model with `load_state_dict(safetensors.torch.load_file(path))`, and the other way round.
extension Module {
    /// Copies `state` into this module's tensors, in place (optimizers holding them see the new values).
    ///
    /// Every name and shape is checked before anything is copied; all problems are reported together in
    /// one ValueError: missing names, unexpected names and shape differences. With `strict` false, missing
    /// and unexpected names are ignored (shapes are still checked), as PyTorch's `strict=False`.
    /// BatchNorm's `num_batches_tracked` may be absent or extra, as PyTorch allows: only a step count,
    /// which normalization does not read. `op` and `source` name the caller and where the state came from in the error.
    public func loadStateDict(_ state: [(String, Tensor)], strict: Bool = true, op: String = "loadStateDict",
                              source: String = "the state") throws {
        let own = stateDict()
        var given: [String: Tensor] = [:]
        for (name, t) in state { given[name] = t }
        var problems: [String] = []
        func isStepCount(_ name: String) -> Bool { name == "num_batches_tracked" || name.hasSuffix(".num_batches_tracked") }
        let missing = own.map(\.0).filter { given[$0] == nil && !isStepCount($0) }
        let known = Set(own.map(\.0))
        let unexpected = state.map(\.0).filter { !known.contains($0) && !isStepCount($0) }
        if strict && !missing.isEmpty { problems.append("missing " + missing.map { "'\($0)'" }.joined(separator: ", ")) }
        if strict && !unexpected.isEmpty { problems.append("unexpected " + unexpected.map { "'\($0)'" }.joined(separator: ", ")) }
        for (name, t) in own {
            guard let theirs = given[name], theirs.shape != t.shape else { continue }
            problems.append("'\(name)' has shape \(theirs.shape) in \(source) but \(t.shape) in the model")
        }
        guard problems.isEmpty else {
            throw TensorError(.value, "\(op): the state does not fit \(summaryName): " + problems.joined(separator: "; "))
        }
        for (name, t) in own {
            if let theirs = given[name] { try t.assign(theirs) }
        }
    }
}

/// Writes the state of `module` (parameters, then buffers) to a safetensors file at `path`, atomically.
public func saveState(_ module: any Module, _ path: String) throws {
    try SafeTensors.save(module.stateDict(), to: path, metadata: [("format", "pt")])
}

/// Restores the state of `module` from the safetensors file at `path`; see `Module.loadStateDict`.
public func loadState(_ module: any Module, _ path: String, strict: Bool = true) throws {
    let state = try SafeTensors.load(path)
    do {
        try module.loadStateDict(state, strict: strict, op: "loadState", source: "the file")
    } catch let e as TensorError {
        throw TensorError(e.kind, e.message.replacingPrefix("loadState:", with: "loadState: '\(path)':"))
    }
}

/// Writes one tensor to a NumPy `.npy` file at `path`, atomically.
public func saveTensor(_ t: Tensor, _ path: String) throws { try NPY.save(t, to: path) }

/// Reads the tensor in the NumPy `.npy` file at `path`.
public func loadTensor(_ path: String) throws -> Tensor { try NPY.load(path) }

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
