import NN
import TensorEngine
import Testing

/// Second derivatives through the scans, extrema, norms and softmaxes, whose first-order rules are
/// fused loops: gradgradcheck in float64, and float32 against float64.
@Suite struct SecondOrderReductionTests {
    /// Distinct values, none 0 and no two of the same magnitude, so no norm, extremum or kink is tied.
    static var x: Tensor { try! Tensor(shape: [3, 4], values: [0.5, -1.25, 2.0, 0.75, -0.3, 1.6, -2.2, 0.9, 1.1, -0.65, 0.4, -1.8]) }

    @Test func scansDifferentiateTwice() throws {
        for axis in [0, 1] {
            #expect(try gradgradcheck({ try $0[0].cumsum(axis: axis) }, [Self.x]), "cumsum \(axis)")
            #expect(try gradgradcheck({ try $0[0].cumprod(axis: axis) }, [Self.x]), "cumprod \(axis)")
        }
        // A zero inside a lane: the product form stays exact where dividing by the input would not.
        let zero = try Tensor(shape: [2, 3], values: [0.5, 0, -1.5, 2, 0.25, 0])
        #expect(try gradgradcheck({ try $0[0].cumprod(axis: 1) }, [zero]))
        #expect(try float32SecondDerivativesAgree({ try $0[0].cumprod(axis: 1) }, [zero]))
        #expect(try float32SecondDerivativesAgree({ try $0[0].cumsum(axis: 0) * $0[0] }, [Self.x]))
    }

    @Test func extremaDifferentiateTwice() throws {
        // Squared first, so the second derivative through the chosen elements is not 0.
        let ops: [(String, (Tensor) throws -> Tensor)] = [
            ("max axis", { try ($0 * $0).max(axis: 1) }),
            ("min axis keepDims", { try ($0 * $0).min(axis: 0, keepDims: true) }),
            ("amax", { try ($0 * $0).amax(axes: [0, 1]) }),
            ("amin", { try ($0 * $0).amin(axes: [1]) }),
            ("max", { try ($0 * $0).max() }),
        ]
        for (name, f) in ops {
            #expect(try gradgradcheck({ try f($0[0]) }, [Self.x]), "\(name)")
            #expect(try float32SecondDerivativesAgree({ try f($0[0]) }, [Self.x]), "\(name)")
        }
    }

    @Test func normsDifferentiateTwice() throws {
        let orders: [Tensor.NormOrder] = [.p(1), .p(2), .p(3), .p(0.5), .p(1.5), .infinity]
        for order in orders {
            for axes in [nil, [1], [0]] as [[Int]?] {
                // Multiplied by x so that even the 1- and ∞-norms have a second derivative.
                func f(_ t: [Tensor]) throws -> Tensor {
                    try t[0] * t[0].norm(order, axes: axes, keepDims: true)
                }
                #expect(try gradgradcheck(f, [Self.x]), "\(order) \(String(describing: axes))")
                #expect(try float32SecondDerivativesAgree(f, [Self.x]), "\(order) \(String(describing: axes))")
            }
        }
        let a = try Tensor(shape: [2, 3], values: [0.5, -1, 2, 0.25, 1.5, -0.75])
        let b = try Tensor(shape: [4, 3], values: [1, 0.2, -0.4, -1.2, 0.8, 0.3, 0.6, -2, 1.1, 0.1, 0.9, -0.5])
        #expect(try gradgradcheck({ try Tensor.cdist($0[0], $0[1]) }, [a, b]))
    }

    @Test func softmaxesDifferentiateTwice() throws {
        for axis in [0, 1] {
            #expect(try gradgradcheck({ try $0[0].softmax(axis: axis) }, [Self.x]))
            #expect(try gradgradcheck({ try $0[0].logSoftmax(axis: axis) }, [Self.x]))
            #expect(try float32SecondDerivativesAgree({ try $0[0].logSoftmax(axis: axis) }, [Self.x]))
        }
    }
}
