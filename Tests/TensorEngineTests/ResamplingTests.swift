import Testing
import TensorEngine

/// `count` values `start, start + step, …` in `shape`.
private func ramp(_ shape: [Int], start: Float = 0, step: Float = 1) throws -> Tensor {
    let n = shape.reduce(1, *)
    return try tensor((0..<n).map { start + Float($0) * step }, shape)
}

private func expectClose(_ a: Tensor, _ expected: [Float], tolerance: Float = 1e-5,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let got = a.values
    #expect(got.count == expected.count && zip(got, expected).allSatisfy { Swift.abs($0 - $1) <= tolerance },
            "\(got) != \(expected)", sourceLocation: sourceLocation)
}

extension TensorEngine {
    /// Padding, transposed convolutions, adaptive pooling, interpolation and pixel shuffling, against
    /// values from PyTorch (float64) and finite differences.
    @Suite struct Resampling {
        @Test func convTranspose2dMatchesPyTorch() throws {
            let x = try ramp([1, 2, 3, 3], step: 0.1), w = try ramp([2, 3, 2, 2], start: -1, step: 0.1)
            let y = try Tensor.convTranspose2d(x, weight: w, bias: try vector([0.5, -1, 2]), stride: [2], padding: [1],
                                               outputPadding: [1])
            #expect(y.shape == [1, 3, 5, 5])
            // F.conv_transpose2d(x, w, bias, stride=2, padding=1, output_padding=1)
            expectClose(y, [0.95, 0.82, 0.93, 0.78, 0.91, 0.59, 0.36, 0.53, 0.28, 0.47, 0.89, 0.7, 0.87, 0.66, 0.85,
                            0.41, 0.12, 0.35, 0.04, 0.29, 0.83, 0.58, 0.81, 0.54, 0.79, -0.19, -0.24, -0.13, -0.2, -0.07,
                            -0.31, -0.46, -0.29, -0.46, -0.27, -0.01, -0.12, 0.05, -0.08, 0.11, -0.25, -0.46, -0.23,
                            -0.46, -0.21, 0.17, 0.0, 0.23, 0.04, 0.29, 3.17, 3.2, 3.31, 3.32, 3.45, 3.29, 3.22, 3.39,
                            3.3, 3.49, 3.59, 3.56, 3.73, 3.68, 3.87, 3.59, 3.46, 3.69, 3.54, 3.79, 4.01, 3.92, 4.15,
                            4.04, 4.29])
        }

        @Test func convTransposeGradients() throws {
            try checkGradients([random([2, 4, 3, 3], seed: 1), random([4, 1, 3, 2], seed: 2), random([2], seed: 3)]) {
                try Tensor.convTranspose2d($0[0], weight: $0[1], bias: $0[2], stride: [2, 1], padding: [1, 0],
                                           outputPadding: [1, 0], groups: 2, dilation: [1, 2])
            }
            try checkGradients([random([2, 2, 5], seed: 4), random([2, 3, 3], seed: 5)]) {
                try Tensor.convTranspose1d($0[0], weight: $0[1], stride: 3, padding: 1, outputPadding: 2)
            }
        }

        @Test func convTransposeRejectsBadOptions() throws {
            let x = try Tensor.zeros([1, 2, 3, 3]), w = try Tensor.zeros([2, 3, 3, 3])
            #expect(throws: TensorError.self) { try Tensor.convTranspose2d(x, weight: w, stride: [2], outputPadding: [2]) }
            #expect(throws: TensorError.self) { try Tensor.convTranspose2d(x, weight: try Tensor.zeros([3, 3, 3, 3])) }
            #expect(throws: TensorError.self) { try Tensor.convTranspose2d(x, weight: w, padding: [4]) }
            #expect(throws: TensorError.self) { try Tensor.convTranspose2d(x, weight: w, stride: [Int.max / 2]) }
        }

        @Test func padModesMatchPyTorch() throws {
            expectClose(try ramp([1, 3, 4]).pad([2, 1], mode: .reflect),
                        [2, 1, 0, 1, 2, 3, 2, 6, 5, 4, 5, 6, 7, 6, 10, 9, 8, 9, 10, 11, 10])
            expectClose(try ramp([1, 2, 3]).pad([1, 1, 1, 0], mode: .replicate),
                        [0, 0, 1, 2, 2, 0, 0, 1, 2, 2, 3, 3, 4, 5, 5])
            expectClose(try ramp([1, 4]).pad([2, 1], mode: .circular), [2, 3, 0, 1, 2, 3, 0])
            expectClose(try ramp([1, 4]).pad([1, -2], value: 7), [7, 0, 1])
            #expect(throws: TensorError.self) { try ramp([1, 3]).pad([3, 0], mode: .reflect) }
            #expect(throws: TensorError.self) { try ramp([3]).pad([1, 1, 1, 1], mode: .replicate) }
        }

        @Test func padGradients() throws {
            for mode in PadMode.allCases {
                try checkGradients([random([2, 3, 4], seed: 6)]) { try $0[0].pad([2, 1, 1, 2], mode: mode, value: 0.5) }
            }
        }

        @Test func adaptivePoolsMatchPyTorch() throws {
            let x = try ramp([1, 1, 4, 5])
            expectClose(try Tensor.adaptiveAvgPool2d(x, outputSize: [3, 2]), [3.5, 5.5, 8.5, 10.5, 13.5, 15.5])
            expectClose(try Tensor.adaptiveMaxPool2d(try x.flip([-1]), outputSize: [3, 2]), [9, 7, 14, 12, 19, 17])
            try checkGradients([random([2, 2, 5, 7], seed: 7)]) { try Tensor.adaptiveAvgPool2d($0[0], outputSize: [3, 4]) }
            try checkGradients([spread([2, 2, 5, 7], seed: 8)]) { try Tensor.adaptiveMaxPool2d($0[0], outputSize: [3, 4]) }
        }

        @Test func bilinearMatchesPyTorch() throws {
            let x = try ramp([1, 1, 2, 3])
            expectClose(try Tensor.interpolate(x, size: [3, 4], mode: .bilinear),
                        [0, 0.625, 1.375, 2, 1.5, 2.125, 2.875, 3.5, 3, 3.625, 4.375, 5])
            expectClose(try Tensor.interpolate(x, size: [3, 4], mode: .bilinear, alignCorners: true),
                        [0, 0.666667, 1.333333, 2, 1.5, 2.166667, 2.833333, 3.5, 3, 3.666667, 4.333333, 5])
            try checkGradients([random([1, 2, 3, 4], seed: 9)]) {
                try Tensor.interpolate($0[0], scaleFactor: [1.5, 2], mode: .bilinear)
            }
            try checkGradients([random([1, 2, 3, 4], seed: 10)]) { try Tensor.interpolate($0[0], size: [5, 7]) }
            #expect(throws: TensorError.self) { try Tensor.interpolate(x, size: [3], scaleFactor: [2]) }
        }

        @Test func foldIsTheAdjointOfUnfold() throws {
            let cols = try Tensor.unfold(try ramp([1, 1, 4, 4]), kernelSize: [2], stride: [2])
            #expect(cols.shape == [1, 4, 4])
            expectClose(try Tensor.fold(cols, outputSize: [4], kernelSize: [2], stride: [2]), (0..<16).map { Float($0) })
            // F.fold(torch.ones(1, 4, 4), 3, 2)
            expectClose(try Tensor.fold(try Tensor.full([1, 4, 4], 1), outputSize: [3], kernelSize: [2]), [1, 2, 1, 2, 4, 2, 1, 2, 1])
            try checkGradients([random([2, 2, 4, 5], seed: 12)]) {
                try Tensor.unfold($0[0], kernelSize: [2, 3], dilation: [1, 2], padding: [1], stride: [2, 1])
            }
            try checkGradients([random([2, 8, 9], seed: 13)]) { try Tensor.fold($0[0], outputSize: [4], kernelSize: [2]) }
        }

        @Test func pixelShuffleRearranges() throws {
            let y = try Tensor.pixelShuffle(try ramp([1, 4, 1, 2]), upscaleFactor: 2)
            #expect(y.shape == [1, 1, 2, 4])
            expectClose(y, [0, 2, 1, 3, 4, 6, 5, 7])
            try checkGradients([random([2, 8, 2, 3], seed: 11)]) { try Tensor.pixelShuffle($0[0], upscaleFactor: 2) }
            #expect(throws: TensorError.self) { try Tensor.pixelShuffle(try ramp([1, 3, 2, 2]), upscaleFactor: 2) }
        }
    }
}
