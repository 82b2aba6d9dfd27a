import Testing
@testable import TensorEngine

/// The 2 × 2, stride-2 max kernel against the window-by-window one: maxima, their positions (the
/// first of tied maxima), planes with NaN and ±∞, rows of 4 to 8 windows and odd sizes.
@Suite struct MaxPool2x2 {
    /// `(maxima, positions)` of one plane by `kernel`.
    func pooled(_ x: [Float], _ g: ConvGeometry,
                _ kernel: (UnsafePointer<Float>, ConvGeometry, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Int32>) -> Void)
        -> ([Float], [Int32]) {
        var out = [Float](repeating: 0, count: g.outPlane), at = [Int32](repeating: 0, count: g.outPlane)
        x.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in at.withUnsafeMutableBufferPointer { a in kernel(p.baseAddress!, g, o.baseAddress!, a.baseAddress!) } }
        }
        return (out, at)
    }

    @Test func agreesWithTheWindowByWindowKernel() throws {
        var state: UInt32 = 7
        func next() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 28)   // 16 values: many ties
        }
        for (h, w) in [(8, 8), (9, 11), (4, 16), (6, 14), (28, 28), (14, 14), (7, 23), (2, 8)] {
            let g = try ConvGeometry.make(op: "test", input: [h, w], kernel: [2, 2], stride: [2, 2],
                                          padding: .explicit([0, 0]), dilation: [1, 1])
            #expect(Pooling.isMax2x2(g), "\(h)×\(w)")
            var x = (0..<(h * w)).map { _ in next() }
            for special in [nil, Float.nan, .infinity, -.infinity] as [Float?] {
                if let special { x[(h * w) / 2 + 1] = special }
                let expected = pooled(x, g, Pooling.maxPlaneChecked)
                let got = pooled(x, g, Pooling.maxPlane)
                #expect(got.1 == expected.1, "\(h)×\(w) with \(String(describing: special)): positions")
                #expect(zip(got.0, expected.0).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) },
                        "\(h)×\(w) with \(String(describing: special)): maxima")
            }
            // The kernel itself gives up on a plane with a non-finite value.
            var flag = true
            x.withUnsafeBufferPointer { p in
                var o = [Float](repeating: 0, count: g.outPlane), a = [Int32](repeating: 0, count: g.outPlane)
                flag = Pooling.maxPlane2x2(p.baseAddress!, g, &o, &a)
            }
            #expect(!flag, "\(h)×\(w): a NaN was read")
        }
    }

    @Test func otherGeometriesTakeTheGeneralKernel() throws {
        func geometry(_ input: [Int], _ kernel: [Int], _ stride: [Int], _ padding: [Int], _ ceil: Bool = false) throws -> ConvGeometry {
            try ConvGeometry.make(op: "test", input: input, kernel: kernel, stride: stride, padding: .explicit(padding),
                                  dilation: [1, 1], ceilMode: ceil)
        }
        #expect(!Pooling.isMax2x2(try geometry([8, 8], [3, 3], [2, 2], [0, 0])))
        #expect(!Pooling.isMax2x2(try geometry([8, 8], [2, 2], [1, 1], [0, 0])))
        #expect(!Pooling.isMax2x2(try geometry([8, 8], [2, 2], [2, 2], [1, 1])))
        #expect(!Pooling.isMax2x2(try geometry([8, 6], [2, 2], [2, 2], [0, 0])))   // 3 windows to a row
        #expect(!Pooling.isMax2x2(try geometry([9, 9], [2, 2], [2, 2], [0, 0], true)))   // the last window leaves the plane
    }

    @Test func poolingAndItsGradientGoThroughTheKernel() throws {
        let x = try Tensor(shape: [2, 3, 6, 10], values: (0..<360).map { Float(($0 * 37) % 101) }, requiresGrad: true)
        let y = try Tensor.maxPool2d(x, kernel: [2, 2])
        #expect(y.shape == [2, 3, 3, 5])
        let xv = x.values
        let expected = (0..<90).map { o -> Float in
            let plane = o / 15, r = (o % 15) / 5 * 2, c = o % 5 * 2
            return [0, 1, 10, 11].map { xv[plane * 60 + r * 10 + c + $0] }.max()!
        }
        #expect(y.values == expected)
        try y.sum().backward()
        // Every window's maximum gets 1, everything else 0.
        #expect(x.grad!.values.reduce(0, +) == 90)
        let grad = x.grad!.values
        for (i, v) in xv.enumerated() where grad[i] == 1 {
            let plane = i / 60, r = (i % 60) / 10, c = i % 10
            let window = [0, 1, 10, 11].map { xv[plane * 60 + (r / 2 * 2) * 10 + c / 2 * 2 + $0] }
            #expect(v == window.max())
        }
    }
}
