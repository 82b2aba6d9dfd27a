import Foundation
import Testing
import TensorEngine

extension TensorEngine {
    /// The creation functions in every dtype: exact values, PyTorch's overflow check on a fill value, and
    /// float32 random draws that did not change when the other types were added.
    @Suite struct CreationInEveryType {
        @Test func constantsInEveryType() throws {
            for dtype in DType.allCases {
                let z = try Tensor.zeros([2, 3], dtype: dtype), o = try Tensor.ones([4], dtype: dtype)
                #expect(z.dtype == dtype && z.shape == [2, 3] && z.elements(as: Double.self) == Array(repeating: 0, count: 6))
                #expect(o.dtype == dtype && o.elements(as: Double.self) == Array(repeating: 1, count: 4))
            }
            #expect(try Tensor.full(checked: [2], 0.1, dtype: .float64).elements(as: Double.self) == [0.1, 0.1])
            #expect(try Tensor.full(checked: [1], -128, dtype: .int8).elements(as: Int8.self) == [-128])
            #expect(try Tensor.full(checked: [1], 0x1p60 + 1024, dtype: .int64).elements(as: Int64.self) == [(1 << 60) + 1024])
            // Beyond float16's range is inf, as PyTorch's cast gives; only integer types refuse.
            #expect(try Tensor.full(checked: [1], 1e6, dtype: .float16).elements(as: Double.self) == [.infinity])
            #expect(try Tensor.full(checked: [1], .nan, dtype: .bool).elements(as: Bool.self) == [true])
        }

        @Test func fillValuesAnIntegerTypeCannotHoldAreErrors() {
            for (value, dtype) in [(300.0, DType.int8), (-1, .uint8), (.nan, .int64), (.infinity, .int32), (0x1p63, .int64), (32768, .int16)] {
                #expect(throws: TensorError.self) { try Tensor.full(checked: [1], value, dtype: dtype) }
                #expect(!dtype.holds(value))
            }
            #expect(DType.int8.holds(127.9) && DType.int8.holds(-128.5) && DType.int64.holds(-0x1p63))
            #expect(DType.float16.holds(.nan) && DType.bool.holds(.infinity))
            do {
                _ = try Tensor.full(checked: [1], 300, dtype: .int8)
            } catch let e as TensorError {
                #expect(e.message == "full: 300 cannot be converted to int8 without overflow")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }

        @Test func eyeArangeLinspaceInOtherTypes() throws {
            #expect(try Tensor.eye(2, 3, dtype: .int32).elements(as: Int32.self) == [1, 0, 0, 0, 1, 0])
            #expect(try Tensor.eye(2, dtype: .bool).elements(as: Bool.self) == [true, false, false, true])
            // Beyond float32's 24 bits: an int64 range is exact.
            let big = try Tensor.arange(0x1p40, 0x1p40 + 3, dtype: .int64)
            #expect(big.dtype == .int64 && big.elements(as: Int64.self) == [1 << 40, (1 << 40) + 1, (1 << 40) + 2])
            let tenths = try Tensor.arange(0, 1, step: 0.1, dtype: .float64)
            #expect(tenths.elements(as: Double.self) == (0..<10).map { 0 + Double($0) * 0.1 })
            #expect(try Tensor.arange(3, 0, step: -1, dtype: .int8).elements(as: Int8.self) == [3, 2, 1])
            #expect(throws: TensorError.self) { try Tensor.arange(0, 200, dtype: .int8) }
            // float32 is the Float computation scripts have always seen.
            #expect(try Tensor.arange(0, 1, step: 0.1, dtype: .float32).values == (try Tensor.arange(Float(0), 1, step: 0.1)).values)
            let l = try Tensor.linspace(0, 1, count: 4, dtype: .float64)
            let thirds: [Double] = [0, 1.0 / 3, 2.0 / 3, 1]
            #expect(l.elements(as: Double.self) == thirds)
            #expect(try Tensor.linspace(0, 3, count: 3, dtype: .int64).elements(as: Int64.self) == [0, 1, 3])
        }

        @Test func float32DrawsAreTheOnesScriptsSaw() throws {
            // The Box–Muller pair as the generator drew it before float64 existed: a Float spare.
            var ref = RNG(seed: 5), spare: Float?
            func oldNormal() -> Float {
                if let s = spare { spare = nil; return s }
                var u1 = ref.uniformDouble()
                while u1 <= Double.leastNormalMagnitude { u1 = ref.uniformDouble() }
                let u2 = ref.uniformDouble()
                let r = (-2 * log(u1)).squareRoot()
                spare = Float(r * sin(2 * .pi * u2))
                return Float(r * cos(2 * .pi * u2))
            }
            seed(5)
            #expect(try Tensor.randn([7], dtype: .float32).values == (0..<7).map { _ in oldNormal() })
            seed(5)
            let wide = try Tensor.randn([7], dtype: .float64)
            seed(5)
            let narrow = try Tensor.randn([7])
            #expect(wide.dtype == .float64 && wide.elements(as: Float.self) == narrow.values)
            #expect(wide.elements(as: Double.self) != narrow.elements(as: Double.self))
            var uniform = RNG(seed: 9)
            seed(9)
            #expect(try Tensor.rand([5], dtype: .float64).elements(as: Double.self) == (0..<5).map { _ in uniform.uniformDouble() })
            seed(9)
            let half = try Tensor.rand([5], dtype: .float16)
            seed(9)
            let single = try Tensor.rand([5])
            #expect(half.dtype == .float16 && half.elements(as: Float16.self) == single.values.map { Float16($0) })
        }

        @Test func randomIntegersAreTheSameInEveryType() throws {
            seed(11)
            let floats = try Tensor.randint(-5, 1000, [50])
            seed(11)
            let longs = try Tensor.randint(-5, 1000, [50], dtype: .int64)
            #expect(longs.dtype == .int64 && longs.elements(as: Double.self) == floats.elements(as: Double.self))
            seed(12)
            let p = try Tensor.randperm(40)
            seed(12)
            let q = try Tensor.randperm(40, dtype: .int64)
            #expect(q.elements(as: Int64.self) == p.values.map { Int64($0) })
            #expect(Set(q.elements(as: Int64.self)) == Set(0..<40))
            #expect(throws: TensorError.self) { try Tensor.randint(0, 256, [1], dtype: .int8) }
            #expect(throws: TensorError.self) { try Tensor.randperm(300, dtype: .int8) }
        }

        @Test func continuousDrawsNeedAFloatingPointType() {
            for dtype in [DType.int64, .int8, .bool] {
                #expect(throws: TensorError.self) { try Tensor.rand([2], dtype: dtype) }
                #expect(throws: TensorError.self) { try Tensor.randn([2], dtype: dtype) }
            }
        }

        @Test func convertingDoublesOnce() throws {
            let t = try Tensor(shape: [3], elements: [0.1, -2.9, 0x1p53] as [Double], dtype: .float64)
            #expect(t.elements(as: Double.self) == [0.1, -2.9, 0x1p53])
            #expect(try Tensor(shape: [3], elements: [0.1, -2.9, 0x1p53] as [Double], dtype: .int64).elements(as: Int64.self) == [0, -2, 1 << 53])
            #expect(try Tensor(shape: [], elements: [0.1] as [Double], dtype: .float32).values == [Float(0.1)])
            #expect(try Tensor(shape: [0, 2], elements: [] as [Double], dtype: .bool).shape == [0, 2])
            #expect(throws: TensorError.self) { try Tensor(shape: [3], elements: [1, 2] as [Double], dtype: .int8) }
        }

        @Test func indexingKeepsTheType() throws {
            let big = try Tensor(shape: [2, 2], elements: [Int64(1) << 60, 1, 2, (1 << 60) + 3], dtype: .int64)
            let column = try big[.all, .at(1)], corner = try big[.at(1), .at(1)]
            #expect(column.dtype == .int64 && column.elements(as: Int64.self) == [1, (1 << 60) + 3])
            #expect(corner.shape == [] && corner.elements(as: Int64.self) == [(1 << 60) + 3])
            let mask = try Tensor(shape: [3], elements: [true, false, true], dtype: .bool)
            #expect(try mask[.slice(nil, nil, -1)].elements(as: Bool.self) == [true, false, true])
            #expect(try mask[.slice(1, nil, 1)].elements(as: Bool.self) == [false, true])
            // The gradient of a float64 slice comes back as float64.
            let w = try Tensor(shape: [3], elements: [0.1, 0.2, 0.3], dtype: .float64, requiresGrad: true)
            try w[.slice(0, 2, 1)].sum().backward()
            #expect(w.grad?.dtype == .float64 && w.grad?.elements(as: Double.self) == [1, 1, 0])
        }
    }
}
