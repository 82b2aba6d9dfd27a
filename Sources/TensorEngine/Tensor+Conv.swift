import COpenBLAS
import Dispatch

/// Convolutions (PyTorch's cross-correlation) in 1, 2 or 3 dimensions as fused primitives: im2col and
/// one GEMM per sample and group forward; GEMMs and col2im backward.
extension Tensor {
    /// The 2-D convolution of `x` `[N, C, H, W]` (or unbatched `[C, H, W]`) with `weight`
    /// `[out, C/groups, kH, kW]` and an optional `bias` `[out]`.
    ///
    /// `stride` and `dilation` take one value for both dimensions or one per dimension; the output size is
    /// `⌊(n + padding − d(k−1) − 1) / s⌋ + 1` per dimension.
    public static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1],
                              padding: ConvPadding = 0, dilation: [Int] = [1], groups: Int = 1) throws -> Tensor {
        try convolution("conv2d", dims: 2, x, weight: weight, bias: bias, stride: stride, padding: padding,
                        dilation: dilation, groups: groups)
    }

    /// The 1-D convolution of `x` `[N, C, L]` (or unbatched `[C, L]`) with `weight` `[out, C/groups, k]`.
    public static func conv1d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1,
                              padding: ConvPadding = 0, dilation: Int = 1, groups: Int = 1) throws -> Tensor {
        try convolution("conv1d", dims: 1, x, weight: weight, bias: bias, stride: [stride], padding: padding,
                        dilation: [dilation], groups: groups)
    }

    /// The 3-D convolution of `x` `[N, C, D, H, W]` (or unbatched `[C, D, H, W]`) with `weight`
    /// `[out, C/groups, kD, kH, kW]` and an optional `bias` `[out]`, as PyTorch's `F.conv3d`.
    ///
    /// `stride`, `dilation` and `padding` take one value or one per dimension (padding also (before,
    /// after) pairs or `.same`).
    public static func conv3d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1],
                              padding: ConvPadding = 0, dilation: [Int] = [1], groups: Int = 1) throws -> Tensor {
        try convolution("conv3d", dims: 3, x, weight: weight, bias: bias, stride: stride, padding: padding,
                        dilation: dilation, groups: groups)
    }

    /// Checks shapes and options, then runs the shared kernel: 1-D and 2-D are the cases of 3-D with a
    /// size-1 depth (and height).
    static func convolution(_ op: String, dims: Int, _ x: Tensor, weight: Tensor, bias: Tensor?, stride: [Int],
                            padding: ConvPadding, dilation: [Int], groups: Int) throws -> Tensor {
        if let result = try inKernelType([x, weight, bias], {
            try convolution(op, dims: dims, $0[0]!, weight: $0[1]!, bias: $0[2], stride: stride, padding: padding,
                            dilation: dilation, groups: groups)
        }) { return result }
        let (batched, n, channels) = try checkConvolution(op, dims: dims, x, weight: weight, bias: bias, groups: groups)
        let outChannels = weight.shape[0], groupChannels = weight.shape[1]
        let spatial = Array(x.shape.suffix(dims)), kernel = Array(weight.shape.suffix(dims))
        let geometry = try ConvGeometry.make(op: op, input: spatial, kernel: kernel, stride: stride,
                                             padding: padding, dilation: dilation)
        let outShape = (batched ? [n] : []) + [outChannels] + geometry.outputSizes(dims: dims)
        try checkShape(outShape, op)
        try checkShape([groupChannels * geometry.kernelArea, geometry.outPlane], op)
        let plan = ConvPlan(batch: n, channels: channels, outChannels: outChannels, groups: groups, geometry: geometry)
        if x.dtype == .float64 { return try convolve(Double.self, op, x, weight: weight, bias: bias, plan, outShape) }
        return try convolve(Float.self, op, x, weight: weight, bias: bias, plan, outShape)
    }

    /// Checks the ranks, groups, channels and bias of a `dims`-D convolution; returns whether `x` is
    /// batched, the batch size and the input channels.
    static func checkConvolution(_ op: String, dims: Int, _ x: Tensor, weight: Tensor, bias: Tensor?,
                                 groups: Int) throws -> (batched: Bool, n: Int, channels: Int) {
        let sizes = ["L", "H, W", "D, H, W"][dims - 1], kernels = ["k", "kH, kW", "kD, kH, kW"][dims - 1]
        guard weight.rank == dims + 2 else {
            throw TensorError.shape("\(op): weight must have \(dims + 2) dimensions [out, in/groups, \(kernels)], got \(describe(weight.shape))")
        }
        guard x.rank == dims + 2 || x.rank == dims + 1 else {
            throw TensorError.shape("\(op): input must have shape [N, C, \(sizes)] or [C, \(sizes)], got \(describe(x.shape))")
        }
        guard groups >= 1 else { throw TensorError.value("\(op): groups must be positive, got \(groups)") }
        let batched = x.rank == dims + 2
        let n = batched ? x.shape[0] : 1
        let channels = x.shape[batched ? 1 : 0]
        let outChannels = weight.shape[0], groupChannels = weight.shape[1]
        guard outChannels % groups == 0 else {
            throw TensorError.value("\(op): \(outChannels) output channels cannot be split into \(groups) groups")
        }
        guard channels == groupChannels * groups else {
            throw TensorError.shape("\(op): input \(describe(x.shape)) has \(channels) channel\(channels == 1 ? "" : "s") but weight \(describe(weight.shape)) with \(groups) group\(groups == 1 ? "" : "s") expects \(groupChannels * groups)")
        }
        if let bias, bias.shape != [outChannels] {
            throw TensorError.shape("\(op): bias \(describe(bias.shape)) does not fit \(outChannels) output channels (expected [\(outChannels)])")
        }
        return (batched, n, channels)
    }

    /// The convolution of checked operands, all of type `T`, into a result of `outShape`.
    static func convolve<T: ConvFloat>(_ type: T.Type, _ op: String, _ x: Tensor, weight: Tensor, bias: Tensor?,
                                       _ plan: ConvPlan, _ outShape: [Int]) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: T.dtype, op: op)
        OperationCounter.record(op, macs: plan.work)
        x.reading(as: T.self) { px in
            weight.reading(as: T.self) { pw in
                bias.reading(as: T.self) { pb in out.writing(as: T.self) { po in plan.forward(px, pw, pb, po) } }
            }
        }

        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        // Nothing below (saved copies, the rule, the composite form) is needed when nothing records.
        guard Autograd.isEnabled, inputs.contains(where: \.tracksGrad) else { return out }
        let xSaved = x.detach(), wSaved = weight.detach()
        let needX = x.tracksGrad, needW = weight.tracksGrad, xShape = x.shape, wShape = weight.shape
        return out.recording(op, inputs, twice: false, composite: { try convolutionComposite($0, plan, outShape) }) { g in
            let g = try g.to(T.dtype)
            let dx = needX ? try Tensor.uninitialized(xShape, dtype: T.dtype) : nil
            let dw = needW ? try Tensor.uninitialized(wShape, dtype: T.dtype) : nil
            g.reading(as: T.self) { pg in
                xSaved.reading(as: T.self) { px in
                    wSaved.reading(as: T.self) { pw in
                        dx.writing(as: T.self) { pdx in dw.writing(as: T.self) { pdw in plan.backward(pg, px, pw, dx: pdx, dw: pdw) } }
                    }
                }
            }
            var grads: [Tensor?] = [dx, dw]
            if bias != nil { grads.append(try g.reading(as: T.self) { try plan.biasGradient($0) }) }
            return grads
        }
    }
}

/// The loops of one convolution: the batch is split into contiguous runs of samples, one per core when
/// the work is large; each run unfolds one sample and group at a time into its own small column buffer
/// (it stays in cache) and multiplies it by the group's weights straight into the NCHW output. A 3-D
/// sample is unfolded a slab of output depths at a time, so its buffer stays small too.
struct ConvPlan {
    let batch: Int, channels: Int, outChannels: Int, groups: Int
    let geometry: ConvGeometry

    var groupIn: Int { channels / groups }
    var groupOut: Int { outChannels / groups }
    /// The inner dimension of the GEMMs: one group's inputs times the kernel area.
    var depth: Int { groupIn * geometry.kernelArea }
    /// Multiply-adds of the whole convolution.
    var work: Int { batch * outChannels * depth * geometry.outPlane }

    /// The number of sample runs: one per core for a large batch, else one (BLAS then threads each product).
    var runs: Int {
        batch >= 2 && work >= 1 << 17 ? Swift.min(Parallel.workers, batch) : 1
    }

    /// Output depths per column buffer: as many as keep it near 2¹⁷ values (at least one). A 2-D or 1-D
    /// convolution has one depth, so its buffer holds the whole plane.
    var slab: Int {
        let g = geometry, perDepth = depth * g.outH * g.outW
        return g.isPointwise ? g.outD : Swift.max(1, Swift.min(g.outD, (1 << 17) / Swift.max(perDepth, 1)))
    }

    /// Runs `body(depths, firstColumn, columns)` over the slabs of output depths: the output columns
    /// `firstColumn..<firstColumn + columns` of one channel.
    @inline(__always) func forEachSlab(_ body: (Range<Int>, Int, Int) -> Void) {
        let g = geometry, outSlice = g.outH * g.outW, s = slab
        var d0 = 0
        while d0 < g.outD {
            let d1 = Swift.min(d0 + s, g.outD)
            body(d0..<d1, d0 * outSlice, (d1 - d0) * outSlice)
            d0 = d1
        }
    }

    /// Runs `body(run, firstSample, endSample)` over the sample runs, with BLAS on one thread when they
    /// run in parallel (each product is small; threads are spent on samples instead).
    func forEachRun(_ body: (Int, Int, Int) -> Void) {
        let r = runs
        if r == 1 {
            BLAS.useThreads(forWork: groupOut * depth * geometry.outPlane)
            body(0, 0, batch)
            return
        }
        BLAS.useThreads(forWork: 0)
        Parallel.perform(iterations: r) { i in body(i, batch * i / r, batch * (i + 1) / r) }
    }

    func forward<T: ConvFloat>(_ x: UnsafePointer<T>, _ w: UnsafePointer<T>, _ bias: UnsafePointer<T>?,
                               _ out: UnsafeMutablePointer<T>) {
        let g = geometry, hw = g.outPlane, k = depth, gOut = groupOut, gIn = groupIn
        guard hw > 0, outChannels > 0 else { return }
        let columns = k * slab * g.outH * g.outW
        forEachRun { _, start, end in
            let col = g.isPointwise ? nil : UnsafeMutablePointer<T>.allocate(capacity: Swift.max(columns, 1))
            defer { col?.deallocate() }
            for n in start..<end {
                let xn = x + n * channels * g.inPlane, on = out + n * outChannels * hw
                if let bias {
                    for c in 0..<outChannels { (on + c * hw).update(repeating: bias[c], count: hw) }
                } else if k == 0 {
                    on.update(repeating: 0, count: outChannels * hw)
                }
                guard k > 0 else { continue }
                for grp in 0..<groups {
                    let xg = xn + grp * gIn * g.inPlane
                    forEachSlab { depths, c0, cols in
                        if let col { Im2col.unfold(xg, channels: gIn, g, depths: depths, into: col) }
                        T.gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(gOut), Int32(cols), Int32(k),
                               1, w + grp * gOut * k, Int32(k), col.map { UnsafePointer($0) } ?? xg + c0, Int32(col == nil ? hw : cols),
                               bias == nil ? 0 : 1, on + grp * gOut * hw + c0, Int32(hw))
                    }
                }
            }
        }
    }

    /// Fills `dx` (the input's gradient) and `dw` (the weight's) from the output's gradient `dy`; either
    /// may be nil when not needed. Each run sums its samples' weight gradients apart, added up at the end.
    func backward<T: ConvFloat>(_ dy: UnsafePointer<T>, _ x: UnsafePointer<T>, _ w: UnsafePointer<T>,
                                dx: UnsafeMutablePointer<T>?, dw: UnsafeMutablePointer<T>?) {
        let g = geometry, hw = g.outPlane, k = depth, gOut = groupOut, gIn = groupIn
        let weightCount = outChannels * k
        if let dx { dx.update(repeating: 0, count: batch * channels * g.inPlane) }
        if let dw { dw.update(repeating: 0, count: weightCount) }
        guard hw > 0, k > 0, gOut > 0 else { return }
        let r = runs
        // Run 0 sums straight into dw; the others into their own buffers.
        let partial = dw != nil && r > 1 ? UnsafeMutablePointer<T>.allocate(capacity: (r - 1) * weightCount) : nil
        partial?.update(repeating: 0, count: (r - 1) * weightCount)
        defer { partial?.deallocate() }
        forEachRun { run, start, end in
            let dwRun = run == 0 ? dw : partial.map { $0 + (run - 1) * weightCount }
            let columns = k * slab * g.outH * g.outW
            let col = g.isPointwise || dwRun == nil ? nil : UnsafeMutablePointer<T>.allocate(capacity: columns)
            let dcol = g.isPointwise || dx == nil ? nil : UnsafeMutablePointer<T>.allocate(capacity: columns)
            defer { col?.deallocate(); dcol?.deallocate() }
            for n in start..<end {
                let xn = x + n * channels * g.inPlane, dyn = dy + n * outChannels * hw
                for grp in 0..<groups {
                    let xg = xn + grp * gIn * g.inPlane, dyg = dyn + grp * gOut * hw, wg = w + grp * gOut * k
                    let dxg = dx.map { $0 + n * channels * g.inPlane + grp * gIn * g.inPlane }
                    forEachSlab { depths, c0, cols in
                        if let dwRun {
                            if let col { Im2col.unfold(xg, channels: gIn, g, depths: depths, into: col) }
                            // dW_g += dY_g · colᵀ
                            T.gemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(gOut), Int32(k), Int32(cols),
                                   1, dyg + c0, Int32(hw), col.map { UnsafePointer($0) } ?? xg + c0, Int32(col == nil ? hw : cols),
                                   1, dwRun + grp * gOut * k, Int32(k))
                        }
                        if let dxg {
                            // dcol = W_gᵀ · dY_g, folded back onto the input planes.
                            T.gemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(cols), Int32(gOut),
                                   1, wg, Int32(k), dyg + c0, Int32(hw), 0, dcol ?? dxg + c0, Int32(dcol == nil ? hw : cols))
                            if let dcol { Im2col.fold(dcol, channels: gIn, g, depths: depths, into: dxg) }
                        }
                    }
                }
            }
        }
        if let dw, let partial {
            for run in 0..<(r - 1) {
                let p = partial + run * weightCount
                for i in 0..<weightCount { dw[i] += p[i] }
            }
        }
    }

    /// The bias gradient: the output gradient summed over samples and positions, per channel.
    func biasGradient<T: ConvFloat>(_ dy: UnsafePointer<T>) throws -> Tensor {
        let db = try Tensor.constant([outChannels], 0, dtype: T.dtype), hw = geometry.outPlane
        db.writing(as: T.self) { p in
            for n in 0..<batch {
                for c in 0..<outChannels { p[c] += T.sum(dy + (n * outChannels + c) * hw, hw) }
            }
        }
        return db
    }
}
