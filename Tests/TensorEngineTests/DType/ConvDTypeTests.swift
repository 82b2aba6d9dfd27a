import Foundation
import Testing
@testable import TensorEngine

/// Values no float32 holds exactly, in `shape` and `dtype`.
private func doubles(_ shape: [Int], seed: Double, dtype: DType = .float64) throws -> Tensor {
    let n = shape.reduce(1, *)
    return try Tensor(shape: shape, elements: (0..<n).map { sin(Double($0) * 12.9898 + seed) * 1.7 }, dtype: dtype)
}

/// Whether `a` and `b` agree to `tolerance` relative to the larger magnitude (at least 1).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
}

extension TensorEngine {
    /// Convolution, pooling, padding and resampling keep float64 (values, results and gradients in
    /// double precision) and handle every other dtype without crashing.
    @Suite struct ConvDTypes {
        /// For an op `f` that is linear or positively homogeneous in its input `x` (every op here), the
        /// loss `L = Σ f(x)·r` satisfies `Σ ∂L/∂x · x = L` (Euler). A float32 computation anywhere in the
        /// forward or backward pass breaks the identity at about 1e-7; float64 holds it to 1e-12.
        func expectFloat64Euler(_ x: Tensor, _ f: (Tensor) throws -> Tensor,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
            let x = x.detach()
            x.requiresGrad = true
            let y = try f(x)
            #expect(y.dtype == .float64, sourceLocation: sourceLocation)
            let r = try doubles(y.shape, seed: 0.3)
            let loss = try (y * r).sum()
            try loss.backward()
            let grad = try #require(x.grad, sourceLocation: sourceLocation)
            #expect(grad.dtype == .float64, sourceLocation: sourceLocation)
            let l = loss.elements(as: Double.self)[0]
            let euler = zip(grad.elements(as: Double.self), x.elements(as: Double.self)).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(close(l, euler), "Σ grad·x = \(euler), L = \(l)", sourceLocation: sourceLocation)
        }

        @Test func conv2dComputesInDouble() throws {
            let x = try doubles([2, 4, 5, 6], seed: 1), w = try doubles([6, 2, 3, 2], seed: 2), b = try doubles([6], seed: 3)
            let y = try Tensor.conv2d(x, weight: w, bias: b, stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2)
            #expect(y.dtype == .float64 && y.shape == [2, 6, 3, 6])
            // The direct sum, in Double.
            let xv = x.elements(as: Double.self), wv = w.elements(as: Double.self), bv = b.elements(as: Double.self)
            let yv = y.elements(as: Double.self)
            var worst = 0.0
            for n in 0..<2 { for o in 0..<6 { for i in 0..<3 { for j in 0..<6 {
                var s = bv[o]
                for c in 0..<2 { for ki in 0..<3 { for kj in 0..<2 {
                    let h = i * 2 - 1 + ki, v = j - 1 + 2 * kj, ic = (o / 3) * 2 + c
                    if h >= 0 && h < 5 && v >= 0 && v < 6 { s += xv[((n * 4 + ic) * 5 + h) * 6 + v] * wv[((o * 2 + c) * 3 + ki) * 2 + kj] }
                } } }
                worst = Swift.max(worst, Swift.abs(s - yv[((n * 6 + o) * 3 + i) * 6 + j]))
            } } } }
            #expect(worst < 1e-13, "largest difference \(worst)")
            try expectFloat64Euler(x) {
                try Tensor.conv2d($0, weight: w, stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2)
            }
            try expectFloat64Euler(w) {
                try Tensor.conv2d(x, weight: $0, stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2)
            }
        }

        @Test func convolutionGradientsKeepDouble() throws {
            let x = try doubles([2, 3, 9], seed: 4), w = try doubles([4, 3, 3], seed: 5)
            try expectFloat64Euler(x) { try Tensor.conv1d($0, weight: w, stride: 2, padding: 1) }
            try expectFloat64Euler(w) { try Tensor.conv1d(x, weight: $0, stride: 2, padding: 1) }
            let xt = try doubles([2, 4, 3, 3], seed: 6), wt = try doubles([4, 1, 3, 2], seed: 7)
            try expectFloat64Euler(xt) {
                try Tensor.convTranspose2d($0, weight: wt, stride: [2, 1], padding: [1, 0], outputPadding: [1, 0],
                                           groups: 2, dilation: [1, 2])
            }
            try expectFloat64Euler(wt) {
                try Tensor.convTranspose2d(xt, weight: $0, stride: [2, 1], padding: [1, 0], groups: 2)
            }
            // The bias gradient is the output gradient summed, in Double.
            let b = try doubles([4], seed: 8)
            b.requiresGrad = true
            try Tensor.conv1d(x, weight: w, bias: b).sum().backward()
            #expect(b.grad?.dtype == .float64 && b.grad?.elements(as: Double.self) == [14, 14, 14, 14])
        }

        @Test func poolingAndResamplingKeepDouble() throws {
            let x = try doubles([2, 3, 7, 6], seed: 9)
            try expectFloat64Euler(x) { try Tensor.maxPool2d($0, kernel: [3], stride: [2], padding: [1]) }
            try expectFloat64Euler(x) { try Tensor.avgPool2d($0, kernel: [3, 2], stride: [2], padding: [1], countIncludePad: false) }
            try expectFloat64Euler(try doubles([2, 3, 8], seed: 10)) { try Tensor.avgPool1d($0, kernel: 3, stride: 2) }
            try expectFloat64Euler(x) { try Tensor.adaptiveAvgPool2d($0, outputSize: [3, 4]) }
            try expectFloat64Euler(x) { try Tensor.adaptiveMaxPool2d($0, outputSize: [4]) }
            try expectFloat64Euler(x) { try Tensor.interpolate($0, scaleFactor: [1.5, 2], mode: .bilinear) }
            try expectFloat64Euler(x) { try Tensor.unfold($0, kernelSize: [2, 3], padding: [1], stride: [2, 1]) }
            try expectFloat64Euler(try doubles([2, 12, 18], seed: 11)) {
                try Tensor.fold($0, outputSize: [5, 6], kernelSize: [2, 3], padding: [1], stride: [2, 1])
            }
            for mode in [PadMode.reflect, .replicate, .circular] {
                try expectFloat64Euler(x) { try $0.pad([1, 2, 3, 1], mode: mode) }
            }
            try expectFloat64Euler(try doubles([1, 8, 2, 3], seed: 12)) { try Tensor.pixelShuffle($0, upscaleFactor: 2) }
            // A maximum and a mean read in Double: the exact values, not float32 roundings of them.
            let v = try Tensor(shape: [1, 1, 1, 2], elements: [0.1, 0.3], dtype: .float64)
            #expect(try Tensor.maxPool2d(v, kernel: [1, 2]).elements(as: Double.self) == [0.3])
            #expect(try Tensor.avgPool2d(v, kernel: [1, 2]).elements(as: Double.self) == [(0.1 + 0.3) / 2])
        }

        @Test func mixedOperandsPromoteAndGradientsKeepTheirTypes() throws {
            let x = try doubles([1, 2, 4, 4], seed: 13, dtype: .float32), w = try doubles([3, 2, 3, 3], seed: 14)
            x.requiresGrad = true
            w.requiresGrad = true
            let y = try Tensor.conv2d(x, weight: w, padding: 1)
            #expect(y.dtype == .float64)
            try y.sum().backward()
            #expect(x.grad?.dtype == .float32)
            #expect(w.grad?.dtype == .float64)
        }

        @Test func otherTypesNeitherCrashNorChangeSilently() throws {
            for dtype in [DType.int64, .int32, .uint8, .bool, .float16, .bfloat16] {
                let x = try doubles([1, 2, 4, 4], seed: 15, dtype: .float32).abs().to(dtype)
                let w = try doubles([2, 2, 3, 3], seed: 16, dtype: .float32).to(dtype)
                // Floating ops compute integers and bools in float32 and give float32, as PyTorch; the
                // 16-bit floats compute in float32 and give their own type back.
                let computed: DType = dtype == .float16 || dtype == .bfloat16 ? dtype : .float32
                #expect(try Tensor.conv2d(x, weight: w, padding: 1).dtype == computed, "\(dtype)")
                #expect(try Tensor.conv1d(try x.reshape([1, 2, 16]), weight: try w.reshape([2, 2, 9])).dtype == computed)
                #expect(try Tensor.convTranspose2d(x, weight: w).dtype == computed, "\(dtype)")
                #expect(try Tensor.maxPool2d(x, kernel: [2]).dtype == computed, "\(dtype)")
                #expect(try Tensor.avgPool2d(x, kernel: [2]).dtype == computed, "\(dtype)")
                #expect(try Tensor.adaptiveAvgPool2d(x, outputSize: [3]).dtype == computed, "\(dtype)")
                #expect(try Tensor.adaptiveMaxPool2d(x, outputSize: [3]).dtype == computed, "\(dtype)")
                #expect(try Tensor.interpolate(x, size: [6, 5], mode: .bilinear).dtype == computed, "\(dtype)")
                #expect(try Tensor.unfold(x, kernelSize: [2]).dtype == computed, "\(dtype)")
                #expect(try Tensor.fold(try Tensor.unfold(x, kernelSize: [2]), outputSize: [4], kernelSize: [2]).dtype == computed)
                // Padding and pixel shuffling only move elements: every type stays itself.
                #expect(try x.pad([1, 1, 2, 0], mode: .reflect).dtype == dtype, "\(dtype)")
                #expect(try x.pad([1, 1], value: 1).dtype == dtype, "\(dtype)")
                #expect(try Tensor.pixelShuffle(try x.reshape([1, 8, 2, 2]), upscaleFactor: 2).dtype == dtype, "\(dtype)")
            }
            // Moved exactly: 2^53 + 1 has no float32 (or float64) neighbour that equals it.
            let big = try Tensor(shape: [1, 3], elements: [Int64(1) << 53 + 1, 2, 3], dtype: .int64)
            #expect(try big.pad([2, 1], mode: .reflect).elements(as: Int64.self) == [3, 2, Int64(1) << 53 + 1, 2, 3, 2])
            #expect(try big.pad([1, 0], value: 7).elements(as: Int64.self) == [7, Int64(1) << 53 + 1, 2, 3])
        }

        @Test func float16GradientsComeBackInFloat16() throws {
            let x = try doubles([1, 2, 5, 5], seed: 17, dtype: .float16), w = try doubles([2, 2, 3, 3], seed: 18, dtype: .float16)
            x.requiresGrad = true
            w.requiresGrad = true
            try Tensor.maxPool2d(try Tensor.conv2d(x, weight: w, padding: 1), kernel: [2]).sum().backward()
            #expect(x.grad?.dtype == .float16 && w.grad?.dtype == .float16)
            let p = try doubles([1, 2, 4], seed: 19, dtype: .float16)
            p.requiresGrad = true
            try p.pad([2, 1], mode: .reflect).sum().backward()
            #expect(p.grad?.dtype == .float16)
            #expect(p.grad?.elements(as: Double.self) == [1, 2, 3, 1, 1, 2, 3, 1])
        }
    }
}
