import TensorEngine

/// Raw access to a parameter, its gradient and an optimizer's per-parameter state, for update loops.
enum OptimizerBuffers {
    /// Runs `body` with pointers to the parameter's and the states' own storage (copied first where
    /// another tensor shares it) and to the gradient, or throws when the gradient's size differs.
    static func with(_ parameter: Tensor, _ gradient: Tensor, _ states: [Tensor], op: String,
                     _ body: (_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
                              _ state: [UnsafeMutablePointer<Float>], _ count: Int) -> Void) throws {
        guard gradient.count == parameter.count else {
            throw TensorError(.shape, "\(op): gradient \(gradient.shape) does not fit parameter \(parameter.shape)")
        }
        // Each storage is a class instance kept alive by its tensor, so its base pointer stays valid for
        // this call; making the writable ones unique first means none of them aliases the gradient.
        let w = try parameter.withUnsafeMutableValues { $0.baseAddress! }
        let s = try states.map { t in try t.withUnsafeMutableValues { $0.baseAddress! } }
        withExtendedLifetime((parameter, states)) {
            gradient.withUnsafeValues { g in body(w, g.baseAddress!, s, parameter.count) }
        }
    }

    /// One state tensor per parameter, of its shape and filled with `value`; where `used` is false, empty
    /// tensors instead, so that state an option switches off costs no parameter's worth of memory.
    static func states(for parameters: [Tensor], filledWith value: Float = 0, used: Bool = true) throws -> [Tensor] {
        try parameters.map { try used ? Tensor.full($0.shape, value) : Tensor.full([0], 0) }
    }
}
