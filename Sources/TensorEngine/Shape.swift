/// Shape arithmetic shared by every op: element counts, strides, axes and broadcasting.
public enum Shape {
    /// The number of elements of a shape (1 for a scalar's `[]`).
    @inlinable public static func count(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n &*= d }
        return n
    }

    /// Row-major strides in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int].filled(1, count: shape.count)
        var s = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = s
            s *= shape[i]
        }
        return strides
    }

    /// Resolves a possibly negative axis against `rank`, or throws an IndexError naming the op.
    public static func axis(_ axis: Int, rank: Int, op: String) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else {
            throw TensorError.index("\(op): axis \(axis) is out of range for a tensor of rank \(rank)")
        }
        return a
    }

    /// The NumPy broadcast of two shapes, or a ShapeError naming both.
    public static func broadcast(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var out = [Int].filled(1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { out[i] = da }
            else if da == 1 { out[i] = db }
            else {
                throw TensorError.shape(
                    "\(op): shapes \(describe(a)) and \(describe(b)) cannot be broadcast (dimension \(i): \(da) vs \(db))")
            }
        }
        return out
    }

    /// Strides that read `shape` as if it had `target`'s shape (0 on broadcast dimensions).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        var out = [Int].filled(0, count: target.count)
        for i in 0..<shape.count where shape[i] != 1 || target[i + offset] == 1 {
            out[i + offset] = shape[i] == 1 ? 0 : own[i]
        }
        return out
    }
}
