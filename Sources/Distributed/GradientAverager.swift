import CMPI
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Averages a model's gradients across the processes of a data-parallel job after each backward pass,
/// as PyTorch's `DistributedDataParallel` does, so that processes that start from the same parameters
/// (see `Communicator.broadcast(state:)`) keep them the same.
///
/// The gradients travel in buckets of about `bucketBytes` (PyTorch's 25 MiB by default), each one
/// all-reduce call over a contiguous copy, so that a model of many small tensors costs a few calls, not
/// one per tensor. Only parameters that require gradients take part. A parameter without a gradient on
/// some process takes part with zeros and gets the average of the others; one that no process has a
/// gradient for keeps none, so an optimizer skips it as it would alone. Averaging is linear, so
/// gradients accumulated over several backward passes before a step still end up as the average of
/// the processes' sums.
public final class GradientAverager {
    public let parameters: [Tensor]
    public let communicator: Communicator
    /// The parameters of each bucket, by index; a bucket holds one element type.
    public let buckets: [[Int]]
    /// Seconds spent in the gradient all-reduce calls so far (zero in a job of one).
    public private(set) var communicationSeconds = 0.0
    /// The averages made so far (one per backward pass that reached the parameters).
    public private(set) var averages = 0
    private let members: Set<ObjectIdentifier>

    public enum Defaults {
        public static let bucketBytes = 25 << 20
    }

    public init(parameters: [Tensor], communicator: Communicator = .world, bucketBytes: Int = Defaults.bucketBytes) throws {
        let parameters = parameters.filter(\.requiresGrad)
        guard bucketBytes >= 1 else { throw TensorError(.value, "DistributedDataParallel: bucketBytes must be positive (got \(bucketBytes))") }
        if let p = parameters.first(where: { !$0.dtype.isFloatingPoint }) {
            throw TensorError(.type, "DistributedDataParallel: a parameter of type \(p.dtype.rawValue) has no gradient to average")
        }
        self.parameters = parameters
        self.communicator = communicator
        members = Set(parameters.map(ObjectIdentifier.init))
        var buckets: [[Int]] = [], bytes = 0, dtype: DType?
        for (i, p) in parameters.enumerated() {
            let size = p.count * Self.wireType(p.dtype).itemSize
            if buckets.isEmpty || dtype != Self.wireType(p.dtype) || (bytes > 0 && bytes + size > bucketBytes) {
                buckets.append([])
                bytes = 0
                dtype = Self.wireType(p.dtype)
            }
            buckets[buckets.count - 1].append(i)
            bytes += size
        }
        self.buckets = buckets
    }

    /// Averages the gradients when the backward pass that reached `leaves` reached any parameter.
    public func backwardFinished(_ leaves: [Tensor]) throws {
        guard leaves.contains(where: { members.contains(ObjectIdentifier($0)) }) else { return }
        try average()
    }

    /// Replaces every parameter's gradient by its average over the processes.
    public func average() throws {
        let total = parameters.reduce(0) { $0 + $1.count }
        try communicator.agree(on: CollectiveCall(kind: .gradients, dtype: parameters.first.map { Self.wireType($0.dtype) },
                                                  shape: [total], detail: buckets.count))
        averages += 1
        guard communicator.usesMPI, communicator.size > 1 else { return }
        let start = Self.now()
        defer { communicationSeconds += Self.now() - start }
        let present = try presence()
        for bucket in buckets {
            let wire = Self.wireType(parameters[bucket[0]].dtype)
            if wire == .float64 { try reduce(bucket, present, Double.self) } else { try reduce(bucket, present, Float.self) }
        }
    }

    /// Whether any process has a gradient for each parameter.
    private func presence() throws -> [Bool] {
        var flags = parameters.map { UInt8($0.grad == nil ? 0 : 1) }
        let rc = flags.withUnsafeMutableBytes {
            soma_mpi_allreduce($0.baseAddress, Int32($0.count), Communicator.typeCode(.uint8), 1)
        }
        guard rc == MPI_SUCCESS else { throw Communicator.failure("averaging gradients", rc) }
        return flags.map { $0 != 0 }
    }

    /// Sums one bucket's gradients across the processes in one buffer of `T`, then divides by the count.
    private func reduce<T: BinaryFloatingPoint>(_ bucket: [Int], _ present: [Bool], _: T.Type) throws {
        let wire: DType = T.self == Double.self ? .float64 : .float32
        let grads = try bucket.map { i -> Tensor? in try parameters[i].grad.map { $0.dtype == wire ? $0 : try $0.to(wire) } }
        let count = bucket.reduce(0) { $0 + parameters[$1].count }
        var buffer = [T](repeating: 0, count: count)
        var offset = 0
        for (i, g) in zip(bucket, grads) {
            let n = parameters[i].count
            if let g {
                g.withUnsafeElementBytes { bytes in
                    buffer.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: offset * MemoryLayout<T>.stride)
                        .copyMemory(from: bytes.baseAddress!, byteCount: n * MemoryLayout<T>.stride) }
                }
            }
            offset += n
        }
        try buffer.withUnsafeMutableBytes { raw in
            try communicator.inChunks(count, of: MemoryLayout<T>.stride) { start, n in
                let rc = soma_mpi_allreduce(raw.baseAddress! + start * MemoryLayout<T>.stride, Int32(n),
                                            Communicator.typeCode(wire), 0)
                guard rc == MPI_SUCCESS else { throw Communicator.failure("averaging gradients", rc) }
            }
        }
        let scale = 1 / T(communicator.size)
        for k in buffer.indices { buffer[k] *= scale }
        offset = 0
        for i in bucket {
            let p = parameters[i], n = p.count
            var g = try Tensor.filling(p.shape, dtype: wire, op: "DistributedDataParallel") { out in
                buffer.withUnsafeBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[(offset * MemoryLayout<T>.stride)..<((offset + n) * MemoryLayout<T>.stride)])) }
            }
            if p.dtype != wire { g = try g.to(p.dtype) }
            if present[i] { p.grad = g }
            offset += n
        }
    }

    /// float16 and bfloat16 gradients travel as float32; float32 and float64 as themselves.
    static func wireType(_ dtype: DType) -> DType { dtype == .float64 ? .float64 : .float32 }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
