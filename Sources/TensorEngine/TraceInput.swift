/// What a record freed by `backward()` keeps of one of its inputs, so the graph can still be drawn.
///
/// Nothing here holds the memory backward frees: a computed input is known by its own freed record
/// (which keeps the output's shape and, when small, its values), a leaf that requires gradients is
/// kept (the model keeps its parameters anyway, and drawings show its `grad`), as is a small leaf
/// that does not (a constant); larger data is only remembered by shape while it lives elsewhere.
enum TraceInput {
    /// Tensors with at most this many elements keep their values (and gradients) for drawings.
    static let smallCount = 16

    case op(GradFn)
    case leaf(Tensor)
    case data(DataTrace)

    init(_ tensor: Tensor) {
        if let fn = tensor.gradFn {
            self = .op(fn)
        } else if tensor.requiresGrad || tensor.count <= TraceInput.smallCount {
            self = .leaf(tensor)
        } else {
            self = .data(DataTrace(tensor))
        }
    }
}

/// A larger input that needs no gradient (a batch of data), by shape and a weak reference.
final class DataTrace {
    let shape: [Int]
    /// The tensor while something else keeps it, so drawings can name it.
    weak var tensor: Tensor?

    init(_ tensor: Tensor) {
        shape = tensor.shape
        self.tensor = tensor
    }
}
