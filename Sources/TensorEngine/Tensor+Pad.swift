/// How `pad` fills the positions it adds: PyTorch's `F.pad` modes.
public enum PadMode: String, Sendable, CaseIterable {
    /// A fixed value (negative amounts crop instead).
    case constant
    /// The input mirrored about its edge element, which is not repeated: `[a b c]` → `c b | a b c | b a`.
    case reflect
    /// The edge element repeated.
    case replicate
    /// The input wrapped around, as if periodic.
    case circular
}

/// PyTorch's defaults of `F.pad`, which the language's `pad` declares too.
public enum PadDefaults {
    public static let mode = PadMode.constant
    public static let value: Float = 0
}

extension Tensor {
    /// This tensor padded as PyTorch's `F.pad`: `padding` holds (before, after) pairs starting from the
    /// last dimension (`[left, right, top, bottom, …]`).
    ///
    /// `constant` pads any of the dimensions with `value` and crops where an amount is negative. The other
    /// modes pad the last one to three dimensions of a batched or unbatched input (at least one leading
    /// dimension stays unpadded), with non-negative amounts; `reflect` needs each amount below the size it
    /// pads and `circular` no more than it. Gradients flow back to the positions each element was read from.
    /// The result keeps this tensor's dtype.
    public func pad(_ padding: [Int], mode: PadMode = PadDefaults.mode, value: Float = PadDefaults.value) throws -> Tensor {
        let op = "pad"
        guard padding.count % 2 == 0, padding.count / 2 <= rank else {
            throw TensorError.value("\(op): padding needs a (before, after) pair per padded dimension, at most \(rank) pair\(rank == 1 ? "" : "s") for a \(rank)-D input, got \(padding.count) value\(padding.count == 1 ? "" : "s")")
        }
        let padded = padding.count / 2
        if mode != .constant {
            guard padded <= 3, rank == padded + 1 || rank == padded + 2 else {
                throw TensorError.shape("\(op): \(mode.rawValue) padding of \(padded) dimension\(padded == 1 ? "" : "s") needs a \(padded + 1)-D or \(padded + 2)-D input, got \(describe(shape))")
            }
            guard padding.allSatisfy({ $0 >= 0 }) else {
                throw TensorError.value("\(op): \(mode.rawValue) padding must be non-negative, got \(padding)")
            }
        }
        var outShape = shape
        // The source index along each dimension for each output index, −1 for the fill value.
        var maps: [[Int]?] = Array(repeating: nil, count: rank)
        for pair in 0..<padded {
            let d = rank - 1 - pair, n = shape[d]
            let before = padding[2 * pair], after = padding[2 * pair + 1]
            let (size, overflow) = n.addingReportingOverflow(before)
            let (total, overflow2) = size.addingReportingOverflow(after)
            guard !overflow, !overflow2, total >= 0 else {
                throw TensorError.value("\(op): padding \(before), \(after) of dimension \(d) (size \(n)) gives an invalid size")
            }
            switch mode {
            case .reflect where before >= n || after >= n:
                throw TensorError.value("\(op): reflect padding (\(before), \(after)) of dimension \(d) must be smaller than its size \(n)")
            case .circular where before > n || after > n:
                throw TensorError.value("\(op): circular padding (\(before), \(after)) of dimension \(d) may not exceed its size \(n)")
            case .replicate where n == 0 && total > 0:
                throw TensorError.value("\(op): replicate padding of dimension \(d) needs a non-empty dimension")
            default: break
            }
            outShape[d] = total
            _ = try Memory.count(outShape, op: op)
            maps[d] = (0..<total).map { o in
                let i = o - before
                if i >= 0 && i < n { return i }
                switch mode {
                case .constant: return -1
                case .replicate: return i < 0 ? 0 : n - 1
                case .reflect: return i < 0 ? -i : 2 * (n - 1) - i
                case .circular: return ((i % n) + n) % n
                }
            }
        }
        _ = try Memory.count(outShape, op: op)
        let strides = Shape.strides(shape)
        // Built one dimension at a time: each source offset fans out into its row of the next dimension.
        var positions = [0]
        for d in 0..<rank {
            var next: [Int] = []
            next.reserveCapacity(positions.count * outShape[d])
            let map = maps[d]
            for p in positions {
                for o in 0..<outShape[d] {
                    let i = map?[o] ?? o
                    next.append(p < 0 || i < 0 ? -1 : p + i * strides[d])
                }
            }
            positions = next
        }
        return try picking(positions, shape: outShape, op: op, fill: Double(value))
    }
}
