import CMPI
import TensorEngine

/// The collective calls on tensors, with PyTorch's `torch.distributed` semantics: every process calls
/// each one, in the same order, with tensors of the same shape and type.
///
/// Every call first checks that the processes agree on it (see `CollectiveCall`).
extension Communicator {
    /// Waits until every process reaches this call.
    public func barrier() throws {
        // The agreement exchange reaches every process, so it is the barrier itself.
        try agree(on: CollectiveCall(kind: .barrier))
    }

    /// Combines `tensor` across the processes with `op`, writing the result into `tensor` on every
    /// process (as PyTorch's `all_reduce`), and returns it.
    ///
    /// Every dtype reduces with sum, max, min and product (bool: or for sum and max, and for min and
    /// product); mean needs a floating-point tensor. float16 and bfloat16 reduce in float32.
    @discardableResult
    public func allReduce(_ tensor: Tensor, op: ReduceOp = .sum) throws -> Tensor {
        if op == .mean && !tensor.dtype.isFloatingPoint {
            throw TensorError(.type, "allReduce: mean of a \(tensor.dtype.rawValue) tensor would round; convert it to a floating-point type first")
        }
        let call = CollectiveCall(kind: .allReduce, dtype: tensor.dtype, shape: tensor.shape, detail: op.code, label: op.rawValue)
        try agree(on: call)
        guard usesMPI, size > 1 else { return tensor }
        let reduced: Tensor
        switch tensor.dtype {
        case .float16, .bfloat16: reduced = try reduce(try tensor.to(.float32), op, call).to(tensor.dtype)
        default: reduced = try reduce(tensor, op, call)
        }
        try tensor.assign(reduced)
        return tensor
    }

    /// Copies `tensor` of process `root` into `tensor` on every other process (as PyTorch's
    /// `broadcast`), and returns it.
    @discardableResult
    public func broadcast(_ tensor: Tensor, from root: Int) throws -> Tensor {
        guard (0..<size).contains(root) else {
            throw TensorError(.value, "broadcast: from must be a rank from 0 to \(size - 1), not \(root)")
        }
        let call = CollectiveCall(kind: .broadcast, dtype: tensor.dtype, shape: tensor.shape, detail: root)
        try agree(on: call)
        guard usesMPI, size > 1 else { return tensor }
        let received = try Tensor.filling(tensor.shape, dtype: tensor.dtype, op: "broadcast") { buffer in
            if rank == root { tensor.withUnsafeElementBytes { buffer.copyMemory(from: $0) } }
            try inChunks(buffer.count, of: 1) { start, n in
                let rc = soma_mpi_broadcast(buffer.baseAddress! + start, Int32(n), Int32(root))
                guard rc == MPI_SUCCESS else { throw Self.failure(call.description, rc) }
            }
        }
        if rank != root { try tensor.assign(received) }
        return tensor
    }

    /// Gives every process rank 0's values of `state` (a model's parameters and buffers), tensor by
    /// tensor in the same order everywhere.
    public func broadcast(state: [Tensor]) throws {
        for t in state { try broadcast(t, from: 0) }
    }

    /// Every process's `tensor`, in rank order, on every process (as PyTorch's `all_gather`).
    public func allGather(_ tensor: Tensor) throws -> [Tensor] {
        let call = CollectiveCall(kind: .allGather, dtype: tensor.dtype, shape: tensor.shape)
        try agree(on: call)
        guard usesMPI, size > 1 else { return [try tensor.copy()] }
        let bytes = tensor.count * tensor.dtype.itemSize
        guard bytes <= Int(Int32.max) else {
            throw TensorError(.value, "allGather: a tensor of \(bytes) bytes is larger than one MPI call moves (2^31 − 1); gather it in parts")
        }
        var all = [UInt8](repeating: 0, count: bytes * size)
        let rc = tensor.withUnsafeElementBytes { sent in
            all.withUnsafeMutableBytes { soma_mpi_allgather(sent.baseAddress, Int32(bytes), $0.baseAddress) }
        }
        guard rc == MPI_SUCCESS else { throw Self.failure(call.description, rc) }
        return try (0..<size).map { r in
            try Tensor.filling(tensor.shape, dtype: tensor.dtype, op: "allGather") { buffer in
                all.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[(r * bytes)..<((r + 1) * bytes)])) }
            }
        }
    }

    /// `tensor` reduced across the processes as a new tensor of its dtype (a float32 or wider one).
    private func reduce(_ tensor: Tensor, _ op: ReduceOp, _ call: CollectiveCall) throws -> Tensor {
        let dtype = tensor.dtype
        let code: Int32
        switch (op, dtype) {
        case (.sum, .bool), (.max, .bool): code = 4
        case (.product, .bool), (.min, .bool): code = 5
        case (.sum, _), (.mean, _): code = 0
        case (.max, _): code = 1
        case (.min, _): code = 2
        case (.product, _): code = 3
        }
        let out = try Tensor.filling(tensor.shape, dtype: dtype, op: "allReduce") { buffer in
            tensor.withUnsafeElementBytes { buffer.copyMemory(from: $0) }
            try inChunks(tensor.count, of: dtype.itemSize) { start, n in
                let rc = soma_mpi_allreduce(buffer.baseAddress! + start * dtype.itemSize, Int32(n), Self.typeCode(dtype), code)
                guard rc == MPI_SUCCESS else { throw Self.failure(call.description, rc) }
            }
        }
        return op == .mean ? try out / Tensor.full(checked: [], Double(size), dtype: dtype) : out
    }

    /// Calls `body` with (first, count) for runs of at most 2^31 − 1 bytes covering `count` items of
    /// `itemSize` bytes: MPI counts are C ints.
    func inChunks(_ count: Int, of itemSize: Int, _ body: (Int, Int) throws -> Void) throws {
        let most = Int(Int32.max) / itemSize
        var start = 0
        while start < count {
            let n = Swift.min(most, count - start)
            try body(start, n)
            start += n
        }
    }

    /// The shim's element-type code for `dtype` (float16 and bfloat16 move as bytes).
    static func typeCode(_ dtype: DType) -> Int32 {
        switch dtype {
        case .float32: return 0
        case .float64: return 1
        case .int64: return 2
        case .int32: return 3
        case .int16: return 4
        case .int8: return 5
        case .uint8: return 6
        case .bool: return 7
        case .float16, .bfloat16: return 8
        }
    }
}
