import TensorEngine

/// A module that keeps tensors besides its parameters: state saved with the model but not trained by
/// optimizers, such as BatchNorm's running mean and variance (PyTorch's buffers).
///
/// A refinement rather than a requirement of `Module`, so layers without buffers need nothing;
/// `namedBuffers()` finds the adopters anywhere in a model's tree.
public protocol BufferHolding: Module {
    /// The buffers this module itself holds, by field name (not those of its children).
    var ownBuffers: [(String, Tensor)] { get }
}

extension Module {
    /// Every buffer of this module and its children with its dotted path (`1.runningMean`), each tensor once.
    public func namedBuffers() -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(String, Tensor)] = []
        func walk(_ module: any Module, _ prefix: String) {
            if let holder = module as? any BufferHolding {
                for (name, t) in holder.ownBuffers where seen.insert(ObjectIdentifier(t)).inserted {
                    out.append((prefix + name, t))
                }
            }
            for (name, child) in module.children { walk(child, prefix + name + ".") }
        }
        walk(self, "")
        return out
    }

    /// Parameters then buffers, by dotted path: what `saveState` writes and `loadState` restores.
    public func stateDict() -> [(String, Tensor)] {
        var out = namedParameters()
        var seen = Set(out.map { ObjectIdentifier($0.1) })
        for (name, t) in namedBuffers() where seen.insert(ObjectIdentifier(t)).inserted { out.append((name, t)) }
        return out
    }
}
