import Testing
import TensorEngine

extension TensorEngine {
    /// `@` between every pair of types: the product is computed on the operands' values (never on their raw
    /// bytes read as another type) and has the promoted type, in every shape rule.
    @Suite struct MatmulDTypes {
        /// Small whole numbers every type holds exactly (bool: 0 and 1).
        static func operand(_ shape: [Int], _ dtype: DType, seed: Int) throws -> Tensor {
            let n = shape.reduce(1, *)
            let values = (0..<n).map { i in Double(dtype == .bool ? (i * 7 + seed) % 2 : (i * 7 + seed) % 5) }
            return try Tensor(shape: shape, elements: values, dtype: .float64).to(dtype)
        }

        @Test func everyPairMultipliesValuesInThePromotedType() throws {
            for (sa, sb) in [([3, 4], [4, 2]), ([2, 3, 4], [4, 5]), ([4], [4, 3]), ([2, 64, 64], [64, 64])] {
                for ta in DType.allCases {
                    for tb in DType.allCases {
                        let a = try Self.operand(sa, ta, seed: 1), b = try Self.operand(sb, tb, seed: 2)
                        let product = try a.matmul(b)
                        #expect(product.dtype == Tensor.resultType(a, b), "\(ta) @ \(tb)")
                        let exact = try a.to(.float64).matmul(try b.to(.float64))
                        let expected = try exact.to(product.dtype).to(.float64).elements(as: Double.self)
                        #expect(try product.to(.float64).elements(as: Double.self) == expected, "\(ta) @ \(tb) \(sa) @ \(sb)")
                    }
                }
            }
        }

        @Test func aHalfOperandTimesAFloatOneTakesItsGradientInItsOwnType() throws {
            let w = try Tensor.ones([2, 2]).to(.float16)
            w.requiresGrad = true
            try w.matmul(try Tensor.ones([2, 3])).sum().backward()
            #expect(w.grad?.dtype == .float16)
            #expect(try w.grad?.to(.float64).elements(as: Double.self) == [3, 3, 3, 3])
        }
    }
}
