import Testing
import TensorEngine

/// The text of tensors of every dtype: float32 as it has always been, the others naming their type.
@Suite struct DTypePrinting {
    func make<T: TensorElement>(_ values: [T], _ shape: [Int]? = nil) throws -> Tensor {
        try Tensor(shape: shape ?? [values.count], elements: values, dtype: T.dtype)
    }

    @Test func float32NamesNoType() throws {
        #expect(try make([1, 2, 3] as [Float]).description == "tensor([1., 2., 3.])")
        #expect(try make([0.5, -2] as [Float], [2, 1]).description == "tensor([[ 0.5000],\n        [-2.0000]], shape: [2, 1])")
        // Float(1e-4) is below the double 1e-4: float32 keeps comparing with its own nearest value.
        #expect(try make([1e-4, 1] as [Float]).description == "tensor([0.0001, 1.0000])")
        #expect(try make([1e-5, 1] as [Float]).description == "tensor([1.0000e-05, 1.0000e+00])")
    }

    @Test func integersPrintWithoutADecimalPoint() throws {
        #expect(try make([1, 2, 3] as [Int64]).description == "tensor([1, 2, 3], dtype: int64)")
        #expect(try make([1 << 62 + 1, Int64.min] as [Int64]).description
                == "tensor([ 4611686018427387905, -9223372036854775808], dtype: int64)")
        #expect(try make([1, -20, 300, 4] as [Int32], [2, 2]).description
                == "tensor([[  1, -20],\n        [300,   4]], shape: [2, 2], dtype: int32)")
        #expect(try make([-32768, 7] as [Int16]).description == "tensor([-32768,      7], dtype: int16)")
        #expect(try make([-128, 127] as [Int8]).description == "tensor([-128,  127], dtype: int8)")
        #expect(try make([0, 255] as [UInt8]).description == "tensor([  0, 255], dtype: uint8)")
        #expect(try make([7] as [Int64], []).description == "tensor(7, dtype: int64)")
        #expect(try make([] as [Int64], [0]).description == "tensor([], shape: [0], dtype: int64)")
    }

    @Test func boolsPrintAsTheLanguagesLiterals() throws {
        #expect(try make([true, false, true]).description == "tensor([ true, false,  true], dtype: bool)")
        #expect(try make([false]).description == "tensor([false], dtype: bool)")
    }

    @Test func float64UsesItsOwnPrecision() throws {
        #expect(try make([1, 2] as [Double]).description == "tensor([1., 2.], dtype: float64)")
        // 2^24 + 1 has no float32: through Float it would print as 16777216.
        #expect(try make([16_777_217, 3] as [Double]).description == "tensor([16777217.,        3.], dtype: float64)")
        #expect(try make([0.1, -2.5] as [Double]).description == "tensor([ 0.1000, -2.5000], dtype: float64)")
        let tiny = try make([1e-300, 1] as [Double]).description
        #expect(tiny == "tensor([1.0000e-300,  1.0000e+00], dtype: float64)")
        let special = try make([Double.nan, -.infinity, 1.5] as [Double]).description
        #expect(special == "tensor([   nan,   -inf, 1.5000], dtype: float64)")
    }

    @Test func halfPrecisionPrintsItsValues() throws {
        #expect(try make([0.5, -2, 65504] as [Float16]).description
                == "tensor([    0.5000,    -2.0000, 65504.0000], dtype: float16)")
        #expect(try make([BFloat16(1), BFloat16(-3), BFloat16(256)]).description
                == "tensor([  1.,  -3., 256.], dtype: bfloat16)")
    }

    @Test func theTypeComesAfterTheShapeAndBeforeGradients() throws {
        let t = try make([1, 2] as [Double])
        t.requiresGrad = true
        #expect(t.description == "tensor([1., 2.], dtype: float64, requiresGrad: true)")
        let long = try make((0..<2000).map { Int64($0) })
        #expect(long.description == "tensor([   0,    1,    2, ..., 1997, 1998, 1999], shape: [2000], dtype: int64)")
    }
}
