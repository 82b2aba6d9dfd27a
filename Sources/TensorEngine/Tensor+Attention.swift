#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Scaled dot-product attention as one fused op: per (batch, head) two GEMMs and a masked softmax
/// forward, four GEMMs backward, with grouped key/value heads read in place (no repeat, no transpose).
///
/// float32 runs the fused kernel; float64 computes the same attention in Double from differentiable
/// ops (`attendComposed`); other types compute in float32 and round back. A backward pass with
/// `createGraph` differentiates the float32 kernel through that composed attention.
extension Tensor {
    /// `softmax(q kᵀ · scale + mask) v` over `[..., heads, length, dim]` tensors (PyTorch's layout).
    ///
    /// - `q` is `[..., Hq, Lq, D]`, `k` `[..., Hkv, Lk, D]`, `v` `[..., Hkv, Lk, Dv]`; the leading
    ///   dimensions must agree. When `Hkv < Hq` it must divide it, and query head `h` reads key/value
    ///   head `h / (Hq / Hkv)` (grouped-query attention; `Hkv = 1` is multi-query attention).
    /// - With `causalAlignment` `.bottomRight` (the default) query `i` sits at position `Lk − Lq + i`:
    ///   the queries are the last `Lq` positions, which is what decoding with a key/value cache needs.
    ///   `.topLeft` puts query `i` at position `i`, as PyTorch's `is_causal` does. For `Lq = Lk` the two
    ///   agree; the alignment matters only to `causal` and `window`.
    /// - `causal` hides keys after a query's position; `window` (≥ 1) keeps only the last `window`
    ///   keys up to and including the query's position.
    /// - `attnMask`, broadcastable to `[..., Hq, Lq, Lk]`, is PyTorch's `attn_mask`: a bool mask lets a
    ///   query attend to the keys where it is true; a floating mask is added to the scaled scores (−∞
    ///   hides a key). It gets no gradient.
    /// - `dropoutP` zeroes each attention weight with that probability and scales the rest up, as
    ///   PyTorch's `dropout_p` (whenever it is positive: pass 0 outside training).
    /// - A query that sees no key gets a zero output (as PyTorch).
    /// - `scale` defaults to `1/√D`.
    public static func scaledDotProductAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, causal: Bool = false,
                                                 causalAlignment: CausalAlignment = .bottomRight,
                                                 window: Int? = nil, attnMask: Tensor? = nil, dropoutP: Double = 0,
                                                 scale: Double? = nil) throws -> Tensor {
        let op = "scaledDotProductAttention"
        guard q.rank >= 2, k.rank == q.rank, v.rank == q.rank else {
            throw TensorError.shape("\(op): query \(describe(q.shape)), key \(describe(k.shape)) and value \(describe(v.shape)) must have the same rank, at least 2 ([..., length, dim])")
        }
        let r = q.rank
        let lq = q.shape[r - 2], d = q.shape[r - 1], lk = k.shape[r - 2], dv = v.shape[r - 1]
        guard k.shape[r - 1] == d else {
            throw TensorError.shape("\(op): query \(describe(q.shape)) and key \(describe(k.shape)) differ in their last dimension")
        }
        guard v.shape[r - 2] == lk, Array(v.shape.dropLast(2)) == Array(k.shape.dropLast(2)) else {
            throw TensorError.shape("\(op): key \(describe(k.shape)) and value \(describe(v.shape)) must agree except in the last dimension")
        }
        var hq = 1, hkv = 1, batch = 1
        if r >= 3 {
            hq = q.shape[r - 3]; hkv = k.shape[r - 3]
            guard Array(q.shape.dropLast(3)) == Array(k.shape.dropLast(3)) else {
                throw TensorError.shape("\(op): query \(describe(q.shape)) and key \(describe(k.shape)) differ in their batch dimensions")
            }
            batch = Shape.count(Array(q.shape.dropLast(3)))
        }
        let g = try AttentionGeometry(op: op, batch: batch, hq: hq, hkv: hkv, lq: lq, lk: lk, d: d, dv: dv,
                                      headsInner: false, causal: causal, alignment: causalAlignment,
                                      window: window, scale: scale, itemSize: q.dtype.itemSize)
        guard dropoutP >= 0, dropoutP <= 1 else {
            throw TensorError.value("\(op): dropoutP must be between 0 and 1, got \(dropoutP)")
        }
        let scores = Array(q.shape.dropLast(2)) + [lq, lk]
        let added = try attnMask.map { try additiveMask($0, scores: scores, dtype: q.dtype == .float64 ? .float64 : .float32, op: op) }
        // A floating mask that takes a gradient (a learned bias) joins the recorded, composed attention.
        let learned = try attnMask.flatMap { m in
            m.dtype != .bool && m.tracksGrad ? try m.expand(to: scores).reshape([batch, hq, lq, lk]) : nil
        }
        return try attend(q, k, v, g, mask: added, learned: learned, dropout: dropoutP, outShape: Array(q.shape.dropLast()) + [dv])
    }

    /// PyTorch's `attn_mask` as the term added to every score `[..., Hq, Lq, Lk]`: a bool mask gives 0
    /// where true and −∞ where false; a floating one is itself.
    private static func additiveMask(_ mask: Tensor, scores: [Int], dtype: DType, op: String) throws -> Tensor {
        guard mask.dtype == .bool || mask.dtype.isFloatingPoint else {
            throw TensorError(.type, "\(op): attnMask must be bool (true lets a query attend to a key) or floating (added to the scores), not \(mask.dtype)")
        }
        guard let b = try? Shape.broadcast(mask.shape, scores, op: op), b == scores else {
            throw TensorError.shape("\(op): attnMask \(describe(mask.shape)) does not broadcast to the scores \(describe(scores))")
        }
        // Converted before it is broadcast, so that only the mask's own elements are visited.
        return try noGrad {
            guard mask.dtype == .bool else { return try mask.detach().to(dtype).expand(to: scores) }
            let terms = try mask.elements(as: Double.self, op: op).map { $0 != 0 ? 0 : -Double.infinity }
            return try Tensor(shape: mask.shape, elements: terms, dtype: dtype).expand(to: scores)
        }
    }

    /// Attention over projected, batch-first tensors: `q` `[batch, Lq, Hq·D]`, `k` `[batch, Lk, Hkv·D]`,
    /// `v` `[batch, Lk, Hkv·Dv]`, returning `[batch, Lq, Hq·Dv]`.
    ///
    /// This is the layout the projections of a multi-head attention layer produce: heads are read and
    /// written with strided GEMMs, so no reshape or permute copies are needed on either side.
    /// Positions, masking and grouping are as in `scaledDotProductAttention`.
    ///
    /// `selfAttention` false (cross-attention over a fixed memory) tells `OperationCounter` that the keys
    /// and values do not grow a KV cache token by token.
    public static func multiHeadAttention(query q: Tensor, key k: Tensor, value v: Tensor, heads: Int, kvHeads: Int,
                                          causal: Bool = false, causalAlignment: CausalAlignment = .bottomRight,
                                          window: Int? = nil, scale: Double? = nil, selfAttention: Bool = true) throws -> Tensor {
        let op = "multiHeadAttention"
        guard heads > 0, kvHeads > 0 else {
            throw TensorError.value("\(op): heads (\(heads)) and kvHeads (\(kvHeads)) must be positive")
        }
        guard q.rank == 3, k.rank == 3, v.rank == 3, k.shape[0] == q.shape[0], v.shape[0] == q.shape[0],
              v.shape[1] == k.shape[1] else {
            throw TensorError.shape("\(op): query \(describe(q.shape)), key \(describe(k.shape)) and value \(describe(v.shape)) must be [batch, length, features] with one batch size and key/value lengths equal")
        }
        guard q.shape[2] % heads == 0, k.shape[2] % kvHeads == 0, v.shape[2] % kvHeads == 0 else {
            throw TensorError.shape("\(op): features of query \(describe(q.shape)) must divide into \(heads) heads, of key \(describe(k.shape)) and value \(describe(v.shape)) into \(kvHeads)")
        }
        let d = q.shape[2] / heads
        guard k.shape[2] / kvHeads == d else {
            throw TensorError.shape("\(op): query heads have \(d) features but key heads \(k.shape[2] / kvHeads)")
        }
        let dv = v.shape[2] / kvHeads
        let g = try AttentionGeometry(op: op, batch: q.shape[0], hq: heads, hkv: kvHeads, lq: q.shape[1], lk: k.shape[1],
                                      d: d, dv: dv, headsInner: true, causal: causal, alignment: causalAlignment,
                                      window: window, scale: scale, itemSize: selfAttention ? q.dtype.itemSize : 0)
        return try attend(q, k, v, g, mask: nil, dropout: 0, outShape: [q.shape[0], q.shape[1], heads * dv])
    }

    /// The attention of either layout in the operands' floating type; dropout on the weights and a
    /// mask that takes a gradient (`learned`, `[batch, Hq, Lq, Lk]`) need the composed form.
    private static func attend(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ g: AttentionGeometry, mask: Tensor?,
                               learned: Tensor? = nil, dropout: Double, outShape: [Int]) throws -> Tensor {
        try inFloatingType([q, k, v, learned]) { t in
            dropout > 0 || learned != nil
                ? try attendComposed(t[0]!, t[1]!, t[2]!, g, mask: mask, learned: t[3], dropout: dropout, outShape: outShape)
                : try attend32(t[0]!, t[1]!, t[2]!, g, mask: mask, outShape: outShape)
        } float64: { t in
            try attendComposed(t[0]!, t[1]!, t[2]!, g, mask: mask, learned: t[3], dropout: dropout, outShape: outShape)
        }
    }

    /// Attention composed of recorded ops in the operands' type: the grouped heads repeated, the additive
    /// mask and −∞ for hidden keys added to the scores, and a query that sees no key given weights of 0
    /// (as the fused kernel).
    ///
    /// This is the float64 computation (in Double, gradients too), the float32 kernel's composite form,
    /// which a graph-creating pass differentiates, and the computation with dropout on the weights. The
    /// terms of `learned`, the recorded form of `mask`, are added as an op so that they take a gradient.
    private static func attendComposed(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ g: AttentionGeometry, mask: Tensor?,
                                       learned: Tensor? = nil, dropout: Double = 0, outShape: [Int]) throws -> Tensor {
        /// `[batch, heads, length, width]` of a tensor in either layout.
        func heads(_ t: Tensor, _ h: Int, _ length: Int, _ width: Int) throws -> Tensor {
            g.headsInner ? try t.reshape([g.batch, length, h, width]).permute([0, 2, 1, 3])
                         : try t.reshape([g.batch, h, length, width])
        }
        /// Key/value heads repeated so that query head `h` meets head `h / group`.
        func grouped(_ t: Tensor, _ width: Int) throws -> Tensor {
            guard g.group > 1 else { return t }
            return try t.reshape([g.batch, g.hkv, 1, g.lk, width]).expand(to: [g.batch, g.hkv, g.group, g.lk, width])
                .reshape([g.batch, g.hq, g.lk, width])
        }
        let q4 = try heads(q, g.hq, g.lq, g.d)
        let k4 = try grouped(try heads(k, g.hkv, g.lk, g.d), g.d), v4 = try grouped(try heads(v, g.hkv, g.lk, g.dv), g.dv)
        let scores = try q4.matmul(k4.transpose(-2, -1)).multiplied(by: g.scale64)
        OperationCounter.record("attention", g.counted(macs: false))   // the products count as matmuls
        // The mask's term or −∞ per score, and per query 1, or 0 when it sees no key (its scores then stay finite).
        let block = g.lq * g.lk
        let added = try mask.map { try $0.elements(as: Double.self, op: "attention") }
        var additive = [Double](repeating: 0, count: g.batch * g.hq * block)
        var seen = [Double](repeating: 1, count: g.batch * g.hq * g.lq)
        // Where a learned mask's term counts: 1 for the keys a query sees, 0 for those hidden and for every
        // key of a query that sees none.
        var counted = [Double](repeating: 0, count: learned == nil ? 0 : additive.count)
        for bh in 0..<(g.batch * g.hq) {
            for i in 0..<g.lq {
                let (lo, hi) = g.visible(i), row = bh * block + i * g.lk
                var any = false
                for j in 0..<g.lk {
                    let term = added?[row + j] ?? 0
                    if j >= lo && j < hi && term != -.infinity {
                        any = true
                        additive[row + j] = learned == nil ? term : 0
                        if learned != nil { counted[row + j] = 1 }
                    } else {
                        additive[row + j] = -.infinity
                    }
                }
                if !any {
                    for j in 0..<g.lk { additive[row + j] = 0 }
                    seen[bh * g.lq + i] = 0
                }
            }
        }
        let masks = try Tensor(shape: [g.batch, g.hq, g.lq, g.lk], elements: additive, dtype: q.dtype)
        let rows = try Tensor(shape: [g.batch, g.hq, g.lq, 1], elements: seen, dtype: q.dtype)
        var terms = try scores + masks
        if let learned {
            let used = try Tensor(shape: learned.shape, elements: counted, dtype: .bool)
            terms = try terms + Tensor.where(used, learned, try Tensor.zeros(learned.shape, dtype: learned.dtype))
        }
        var weights = try terms.softmax(axis: -1) * rows
        if dropout > 0 { weights = try weights.dropout(p: dropout, training: true) }
        let out = try weights.matmul(v4)
        return g.headsInner ? try out.permute([0, 2, 1, 3]).reshape(outShape) : try out.reshape(outShape)
    }

    /// The fused float32 forward pass and its recorded backward rule, for either layout.
    private static func attend32(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ g: AttentionGeometry, mask: Tensor?,
                                 outShape: [Int]) throws -> Tensor {
        let out = try Tensor.allocate(outShape, op: "attention")
        // The attention weights of every (batch, head), kept for backward.
        let probs = try Tensor.allocate([g.batch, g.hq, g.lq, g.lk], op: "attention")
        OperationCounter.record("attention", g.counted(macs: true))
        BLAS.useThreads(forWork: 0)
        let blocks = g.batch * g.hq, block = g.lq * g.lk
        q.reading { pq in k.reading { pk in v.reading { pv in mask.reading { pm in
        out.writing { po in probs.writing { pp in
            Parallel.forRange(blocks, cost: Swift.max(1, block * (g.d + g.dv) / 8)) { start, end in
                for bh in start..<end {
                    let b = bh / g.hq, h = bh % g.hq, hk = h / g.group
                    let p = pp + bh * block
                    RecurrentKernels.gemm(false, true, g.lq, g.lk, g.d, g.scale, pq + g.qOffset(b, h), g.qStride,
                                          pk + g.kOffset(b, hk), g.kStride, 0, p, g.lk)
                    for i in 0..<g.lq {
                        g.softmaxRow(p + i * g.lk, query: i, mask: pm.map { $0 + bh * block + i * g.lk })
                    }
                    RecurrentKernels.gemm(false, false, g.lq, g.dv, g.lk, 1, p, g.lk, pv + g.vOffset(b, hk), g.vStride,
                                          0, po + g.oOffset(b, h), g.oStride)
                }
            }
        } } } } } }
        let qs = q.detach(), ks = k.detach(), vs = v.detach()
        let qShape = q.shape, kShape = k.shape, vShape = v.shape
        let needQ = q.tracksGrad, needK = k.tracksGrad, needV = v.tracksGrad
        // Heads packed in the features (`[batch, length, heads·dim]`) are named, so that drawings can count
        // the scores per head.
        return out.recording(g.headsInner ? "attention(\(g.hq) heads)" : "attention", [q, k, v], twice: false, composite: { t in
            try attendComposed(t[0], t[1], t[2], g, mask: mask, outShape: outShape)
        }) { grad in
            let dq = try Tensor.uninitialized(qShape), dk = try Tensor.full(kShape, 0), dvT = try Tensor.full(vShape, 0)
            BLAS.useThreads(forWork: 0)
            // One task per (batch, key/value head): the query heads of a group add into the same dk, dv.
            grad.reading { pg in probs.reading { pp in qs.reading { pq in ks.reading { pk in vs.reading { pv in
            dq.writing { pdq in dk.writing { pdk in dvT.writing { pdv in
                Parallel.forRange(g.batch * g.hkv, cost: Swift.max(1, g.group * block * (g.d + g.dv) / 4)) { start, end in
                    let ds = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(block, 1))
                    defer { ds.deallocate() }
                    for bk in start..<end {
                        let b = bk / g.hkv, hk = bk % g.hkv
                        for h in (hk * g.group)..<((hk + 1) * g.group) {
                            let p = pp + (b * g.hq + h) * block, go = pg + g.oOffset(b, h)
                            // dV += Pᵀ dO
                            RecurrentKernels.gemm(true, false, g.lk, g.dv, g.lq, 1, p, g.lk, go, g.oStride,
                                                  1, pdv + g.vOffset(b, hk), g.vStride)
                            // dP = dO Vᵀ, then dS = P ⊙ (dP − rowsum(dP ⊙ P)).
                            RecurrentKernels.gemm(false, true, g.lq, g.lk, g.dv, 1, go, g.oStride, pv + g.vOffset(b, hk), g.vStride,
                                                  0, ds, g.lk)
                            for i in 0..<g.lq {
                                let pr = p + i * g.lk, dr = ds + i * g.lk
                                let dot = AttentionGeometry.dot(pr, dr, g.lk)
                                for j in 0..<g.lk { dr[j] = pr[j] * (dr[j] - dot) }
                            }
                            // dQ = scale · dS K, dK += scale · dSᵀ Q
                            RecurrentKernels.gemm(false, false, g.lq, g.d, g.lk, g.scale, ds, g.lk, pk + g.kOffset(b, hk), g.kStride,
                                                  0, pdq + g.qOffset(b, h), g.qStride)
                            RecurrentKernels.gemm(true, false, g.lk, g.d, g.lq, g.scale, ds, g.lk, pq + g.qOffset(b, h), g.qStride,
                                                  1, pdk + g.kOffset(b, hk), g.kStride)
                        }
                    }
                }
            } } } } } } } }
            return [needQ ? dq : nil, needK ? dk : nil, needV ? dvT : nil]
        }
    }
}

/// Where a causal mask puts the queries among the keys when there are fewer queries than keys.
public enum CausalAlignment: String, Sendable, CaseIterable {
    /// The queries are the last positions (query `i` at `Lk − Lq + i`): decoding with a key/value cache.
    case bottomRight
    /// The queries are the first positions (query `i` at `i`), as PyTorch's `is_causal`.
    case topLeft
}

/// The sizes, memory layout and masking rule of one attention call.
struct AttentionGeometry {
    let batch: Int, hq: Int, hkv: Int, lq: Int, lk: Int, d: Int, dv: Int
    /// Query heads per key/value head.
    let group: Int
    /// Bytes per element of the operands as given (a float16 model's keys, though the kernel runs in float32);
    /// 0 for cross-attention, whose keys and values grow no KV cache.
    let itemSize: Int

    /// One call's count: the `Lq × Lk` scores of every head (`q·kᵀ`, d MACs each) and their weighted
    /// sum of values (dv each), as PyTorch counts it (masked and causal scores included); `macs` false
    /// notes the scores only, for a path whose products count themselves. The keys and values of one key
    /// position of one sequence, one per key/value head, are what a KV cache holds per token.
    func counted(macs: Bool) -> OperationCounter.Count {
        let scores = batch * hq * lq * lk
        return .init(calls: 1, macs: macs ? scores * (d + dv) : 0, scoreElements: scores,
                     cacheBytesPerToken: hkv * (d + dv) * itemSize)
    }
    /// `[batch, length, heads·dim]` when true, `[batch, heads, length, dim]` when false.
    let headsInner: Bool
    let causal: Bool
    let window: Int?
    let scale: Float
    /// The scale as a Double, for float64 attention: exactly the one given, or 1/√D in Double.
    let scale64: Double
    /// The position of query 0 among the keys.
    let offset: Int

    init(op: String, batch: Int, hq: Int, hkv: Int, lq: Int, lk: Int, d: Int, dv: Int, headsInner: Bool,
         causal: Bool, alignment: CausalAlignment, window: Int?, scale: Double?, itemSize: Int) throws {
        guard hkv > 0, hq % hkv == 0 else {
            throw TensorError.shape("\(op): \(hq) query heads cannot share \(hkv) key/value heads (the key/value head count must divide the query head count)")
        }
        if let window, window < 1 {
            throw TensorError.value("\(op): window must be at least 1, got \(window)")
        }
        if let scale, !scale.isFinite {
            throw TensorError.value("\(op): scale must be finite, got \(scale)")
        }
        self.batch = batch; self.hq = hq; self.hkv = hkv; self.lq = lq; self.lk = lk; self.d = d; self.dv = dv
        self.itemSize = itemSize
        self.group = hq / hkv
        self.headsInner = headsInner
        self.causal = causal
        self.offset = alignment == .bottomRight ? lk - lq : 0
        self.window = window
        self.scale = scale.map { Float($0) } ?? 1 / Float(Swift.max(d, 1)).squareRoot()
        self.scale64 = scale ?? 1 / Double(Swift.max(d, 1)).squareRoot()
    }

    @inline(__always) func qOffset(_ b: Int, _ h: Int) -> Int { headsInner ? (b * lq * hq + h) * d : (b * hq + h) * lq * d }
    @inline(__always) func kOffset(_ b: Int, _ h: Int) -> Int { headsInner ? (b * lk * hkv + h) * d : (b * hkv + h) * lk * d }
    @inline(__always) func vOffset(_ b: Int, _ h: Int) -> Int { headsInner ? (b * lk * hkv + h) * dv : (b * hkv + h) * lk * dv }
    @inline(__always) func oOffset(_ b: Int, _ h: Int) -> Int { headsInner ? (b * lq * hq + h) * dv : (b * hq + h) * lq * dv }
    var qStride: Int { headsInner ? hq * d : d }
    var kStride: Int { headsInner ? hkv * d : d }
    var vStride: Int { headsInner ? hkv * dv : dv }
    var oStride: Int { headsInner ? hq * dv : dv }

    /// `Σ a[j]·b[j]` over `n` values, in eight lanes so the loop vectorizes.
    @inline(__always) static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var j = 0
        while j + 8 <= n {
            acc += UnsafeRawPointer(a + j).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + j).loadUnaligned(as: SIMD8<Float>.self)
            j += 8
        }
        var s = acc.sum()
        while j < n { s += a[j] * b[j]; j += 1 }
        return s
    }

    /// The keys query `i` may see before the mask tensor: `lo..<hi`.
    @inline(__always) func visible(_ i: Int) -> (lo: Int, hi: Int) {
        let position = offset + i
        var lo = 0, hi = lk
        if causal || window != nil { hi = Swift.min(lk, Swift.max(0, position + 1)) }
        if let window { lo = Swift.max(0, position - window + 1) }
        return (lo, Swift.max(lo, hi))
    }

    /// Turns a row of scores into attention weights in place: the mask's terms added, keys out of sight
    /// given 0 and the rest a softmax.
    @inline(__always) func softmaxRow(_ row: UnsafeMutablePointer<Float>, query i: Int, mask: UnsafePointer<Float>?) {
        let (lo, hi) = visible(i)
        if let mask {
            // Keys the mask hides become -inf, which the softmax below turns into 0.
            for j in lo..<hi { row[j] += mask[j] }
        }
        let m = Kernels.maximum(row + lo, hi - lo)
        if lo > 0 { row.update(repeating: 0, count: lo) }
        if hi < lk { (row + hi).update(repeating: 0, count: lk - hi) }
        guard m > -Float.infinity else {
            (row + lo).update(repeating: 0, count: hi - lo)
            return
        }
        // Exponentials first (a loop that vectorizes), then a lane-wise sum.
        for j in lo..<hi { row[j] = FastMath.exp(row[j] - m) }
        let inv = 1 / Kernels.sum(row + lo, hi - lo)
        for j in lo..<hi { row[j] *= inv }
    }
}
