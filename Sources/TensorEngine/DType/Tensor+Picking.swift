/// Moving elements by position in every dtype, and adding gradients back to those positions: the
/// kernels under gather, index-select, embedding and the rearranging ops (flip, roll, tril, diag, …),
/// which keep their input's dtype because they only move elements.
extension Tensor {
    /// A tensor of `outShape` and this tensor's dtype whose element i is this tensor's element
    /// `positions[i]` (flat), or `fill` (converted to the dtype) where the position is negative;
    /// records nothing.
    func picked(_ positions: [Int], shape outShape: [Int], op: String, fill: Double = 0) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: dtype, op: op)
        if dtype == .float32 {
            let f = Float(fill)
            reading(into: out) { x, o in
                for (i, p) in positions.enumerated() { o[i] = p >= 0 ? x[p] : f }
            }
        } else {
            dtype.visit(Pick(source: self, out: out, positions: positions, fill: fill))
        }
        return out
    }

    /// Contiguous blocks of `block` elements copied from this tensor: block i of the result is the
    /// block starting at element `starts[i]`, whatever the dtype; records nothing.
    func pickedBlocks(_ starts: [Int], block: Int, shape outShape: [Int], op: String) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: dtype, op: op)
        let size = dtype.itemSize, bytes = block * size
        storage.readingBytes { x in
            out.storage.writingBytes { o in
                for (i, s) in starts.enumerated() { (o + i * bytes).copyMemory(from: x + s * size, byteCount: bytes) }
            }
        }
        return out
    }

    /// The gradient of a pick: zeros of `shape` in this gradient's float type (float64 or float32) with
    /// element i of this gradient added at flat position `positions[i]`; negative positions (fills)
    /// receive nothing.
    ///
    /// Recorded, with `picking` as its gradient (and `picking` with this as its own), so a gradient
    /// built from it differentiates again.
    func scatterAdded(into shape: [Int], at positions: [Int]) throws -> Tensor {
        let dx: Tensor
        if dtype == .float64 {
            dx = try Tensor.constant(shape, 0, dtype: .float64)
            reading(as: Double.self) { pg in
                dx.writing(as: Double.self) { pd in for (i, p) in positions.enumerated() where p >= 0 { pd[p] += pg[i] } }
            }
        } else {
            dx = try Tensor.full(shape, 0)
            reading(into: dx) { pg, pd in for (i, p) in positions.enumerated() where p >= 0 { pd[p] += pg[i] } }
        }
        let source = self.shape
        return dx.recording("scatterAdded", [self]) { g in [try g.picking(positions, shape: source, op: "scatterAdded")] }
    }

    /// The flat positions of the elements of blocks of `block` elements starting at `starts`, in
    /// order, with −1 (no position) for every element of a block whose `skip` is true: block picks
    /// as element picks, for their recorded gradients.
    static func blockPositions(_ starts: [Int], block: Int, skip: (Int) -> Bool = { _ in false }) -> [Int] {
        var positions = [Int](repeating: -1, count: starts.count * block)
        for (i, s) in starts.enumerated() where !skip(s) {
            for j in 0..<block { positions[i * block + j] = s + j }
        }
        return positions
    }

    /// The gradient of a block pick: zeros of `shape` in this gradient's float type with block i of
    /// this gradient (`block` elements) added at the block starting at `starts[i]`; blocks whose
    /// `skip` is true receive nothing.
    func scatterAddedBlocks(into shape: [Int], at starts: [Int], block: Int, skip: (Int) -> Bool = { _ in false }) throws -> Tensor {
        func add<T: EngineFloat>(_ pg: UnsafePointer<T>, _ pd: UnsafeMutablePointer<T>) {
            for (i, s) in starts.enumerated() where !skip(s) {
                let d = pd + s, src = pg + i * block
                for j in 0..<block { d[j] += src[j] }
            }
        }
        if dtype == .float64 {
            let dx = try Tensor.constant(shape, 0, dtype: .float64)
            reading(as: Double.self) { pg in dx.writing(as: Double.self) { add(pg, $0) } }
            return dx
        }
        let dx = try Tensor.full(shape, 0)
        reading(into: dx) { pg, pd in add(pg, pd) }
        return dx
    }

    /// This tensor's values in the float type a kernel computes in: itself for float32 and float64,
    /// a float32 copy for every other type (integers, bools and the 16-bit floats).
    var computeValues: Tensor {
        dtype == .float32 || dtype == .float64 ? self : Tensor(storage: float32Storage, shape: shape)
    }
}

private struct Pick: ElementVisitor {
    let source: Tensor, out: Tensor, positions: [Int], fill: Double
    func visit<T: TensorElement>(_ type: T.Type) {
        let f = T(casting: fill)
        source.reading(as: T.self) { x in
            out.writing(as: T.self) { o in
                for (i, p) in positions.enumerated() { o[i] = p >= 0 ? x[p] : f }
            }
        }
    }
}
