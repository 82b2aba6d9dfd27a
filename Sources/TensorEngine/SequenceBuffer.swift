/// Positions of one sequence's float32 features (`[1, length, features]`) in a buffer with room to
/// grow, handed out as views: what a key/value cache appends to one step at a time.
///
/// Concatenating each step's keys to the old ones copies everything every step, so filling a cache
/// that way is quadratic in its length. A holder of a buffer writes only the new positions and takes
/// a buffer of twice the size when it runs out (amortised O(new) per append), and the tensors it
/// hands out share the buffer. Those never change, because a holder writes at a position only when
/// nobody has written there yet (`filled`), or when nothing but itself can see the buffer
/// (`writable(at:unique:)`); otherwise it takes a new buffer. Tensors on views copy before an
/// in-place write (`TensorStorage.isView`).
public final class SequenceBuffer {
    /// The elements, `capacity × features`.
    private var storage: TensorStorage
    /// The features of one position.
    public let features: Int
    /// The positions written so far, by any holder (copies of a cache share its buffer).
    public private(set) var filled: Int

    /// A buffer with room for `capacity` positions, holding `length` positions of `source` from
    /// position `start` on (nothing when `source` is nil).
    public init(capacity: Int, features: Int, copying length: Int = 0, of source: SequenceBuffer? = nil,
                from start: Int = 0) throws {
        let made = try TensorStorage(uninitializedCount: capacity * features, shape: [1, capacity, features],
                                     op: "KVCache")
        var copied = 0
        if let source, length > 0 {
            precondition(source.features == features && start + length <= source.filled && length <= capacity)
            source.storage.reading { from in
                made.writing { $0.update(from: from + start * features, count: length * features) }
            }
            copied = length
        }
        storage = made
        self.features = features
        filled = copied
    }

    /// Positions the buffer has room for.
    public var capacity: Int { storage.count / features }

    /// The positions `start..<start + length` (all written) as a `[1, length, features]` tensor on the buffer.
    public func view(from start: Int, length: Int) -> Tensor {
        precondition(start >= 0 && start + length <= filled, "a view of unwritten positions")
        return Tensor(storage: TensorStorage(viewing: storage, offset: start * features, count: length * features),
                      shape: [1, length, features])
    }

    /// Whether positions from `end` on may be written: nobody has written past `end`, or the caller
    /// holds the only reference to this buffer (`unique`) and no view of it is alive.
    public func writable(at end: Int, unique: Bool) -> Bool {
        filled == end || (unique && isKnownUniquelyReferenced(&storage))
    }

    /// Writes `new` (float32 `[1, n, features]`) at `position`, which `writable` allowed, within the capacity.
    public func write(_ new: Tensor, at position: Int) {
        let n = new.shape[1]
        precondition(new.dtype == .float32 && new.count == n * features && position + n <= capacity)
        new.reading { v in storage.writing { (($0 + position * features)).update(from: v, count: n * features) } }
        filled = position + n
    }
}
