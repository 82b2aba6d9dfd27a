/// The values an op keeps for its backward rule: the input's storage as it was in the forward pass
/// (an in-place update later copies first, so the rule still reads these values) and the input itself.
///
/// The rule gets a tensor from it (`tensor`), detached yet linked to the input, so a backward pass with
/// `createGraph` records the rule's ops as ops on the input (higher-order gradients). Nothing is
/// allocated in the forward pass: a forward pass whose graph is never differentiated pays no more
/// than two references, and the input is one the op's record holds anyway.
struct SavedTensor {
    let input: Tensor
    let storage: TensorStorage

    @inline(__always) init(_ input: Tensor) {
        self.input = input
        storage = input.storage
    }

    /// The shape of the saved values.
    var shape: [Int] { input.shape }

    /// The saved values as a tensor for the rule: no history of its own, linked to the input while a
    /// backward pass creates a graph.
    var tensor: Tensor {
        let t = Tensor(storage: storage, shape: input.shape)
        // Only a graph-creating pass records ops on it; an ordinary one spares the link's allocation.
        if Autograd.isCreatingGraph { t.origin = input.origin ?? input }
        t.wrappedNumber = input.wrappedNumber
        return t
    }
}
