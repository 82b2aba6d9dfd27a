import NN
import TensorEngine
import Testing

/// Helpers of the sequence-layer suites: closeness, copying reference weights in, random inputs.
enum SequenceSupport {
    /// Whether every pair agrees within `tol`, relative above 1 and absolute below.
    static func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol * Swift.max(1, Swift.abs($1)) }
    }

    /// The largest absolute difference, for failure messages.
    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { Swift.abs($0 - $1) }.max() ?? (a.count == b.count ? 0 : .infinity)
    }

    /// Copies reference values into the module's parameters by their dotted names.
    static func load(_ module: any Module, _ values: [String: [Float]]) throws {
        let named = Dictionary(uniqueKeysWithValues: module.namedParameters())
        for (name, v) in values {
            guard let p = named[name] else { throw TensorError(.value, "no parameter \(name) in \(module.summaryName)") }
            try p.assign(try Tensor(shape: p.shape, values: v))
        }
        #expect(Set(values.keys) == Set(named.keys), "every parameter gets a reference value")
    }

    static func tensor(_ values: [Float], _ shape: [Int]) throws -> Tensor {
        try Tensor(shape: shape, values: values)
    }

    /// Seeded normal values scaled by `scale`.
    static func random(_ shape: [Int], seed value: Int, scale: Float = 1) throws -> Tensor {
        seed(value)
        return try Tensor.randn(shape) * scale
    }
}
