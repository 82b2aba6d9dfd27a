import TensorEngine

/// Raw access to a parameter, its gradient and an optimizer's per-parameter state, for update loops.
///
/// Each optimizer writes its loop once, generic over `T: EngineFloat`, and `step()` runs it through
/// `precision(of:op:)`: float32 parameters update in Float (the loop specialized for Float is the
/// loop of before), float64 parameters in Double with their state in float64, float16 and bfloat16
/// parameters in float32 on a copy rounded back (their state kept in float32). Integer and bool
/// parameters are a TypeError naming the optimizer.
enum OptimizerBuffers {
    /// The type an update of `parameter` runs in: `.float64` for float64, `.float32` for the other
    /// floating types, or a TypeError naming `op` for integer and bool parameters.
    static func precision(of parameter: Tensor, op: String) throws -> DType {
        switch parameter.dtype {
        case .float64: return .float64
        case .float32, .float16, .bfloat16: return .float32
        default:
            throw TensorError(.type, "\(op): cannot update a \(parameter.dtype) parameter; optimizers need floating-point parameters (convert it with to(float32) or to(float64))")
        }
    }

    /// Runs `body` with pointers to the parameter's and the states' own storage (copied first where
    /// another tensor shares it) and to the gradient, all as `T`, or throws when the gradient's size differs.
    ///
    /// A state of another type than `T` (made before the model was converted) is converted in place
    /// first, so momentum carries over; a gradient of another type is read converted. A float16 or
    /// bfloat16 parameter is updated as a float32 copy, then rounded back.
    static func with<T: EngineFloat>(_ type: T.Type, _ parameter: Tensor, _ gradient: Tensor, _ states: [Tensor], op: String,
                                     _ body: (_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>,
                                              _ state: UnsafeMutableBufferPointer<UnsafeMutablePointer<T>>, _ count: Int) -> Void) throws {
        guard gradient.count == parameter.count else {
            throw TensorError(.shape, "\(op): gradient \(gradient.shape) does not fit parameter \(parameter.shape)")
        }
        // The state pointers on the stack: a step allocates nothing per parameter.
        try withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<T>.self, capacity: states.count) { s in
            if T.self == Float.self && parameter.dtype == .float32 && gradient.dtype == .float32
                && states.allSatisfy({ $0.dtype == .float32 }) {
                // All float32, the usual case: the engine's Float accessors, which unlike its generic ones
                // are not called unspecialized across the module boundary (a few hundred ns per parameter).
                let w = try parameter.withUnsafeMutableValues { $0.baseAddress! }
                for (k, t) in states.enumerated() {
                    s[k] = try t.withUnsafeMutableValues { UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: T.self) }
                }
                withExtendedLifetime((parameter, states)) {
                    gradient.withUnsafeValues { g in
                        body(UnsafeMutableRawPointer(w).assumingMemoryBound(to: T.self),
                             UnsafeRawPointer(g.baseAddress!).assumingMemoryBound(to: T.self), s, parameter.count)
                    }
                }
                return
            }
            for t in states where t.dtype != T.dtype { try t.convertInPlace(to: T.dtype) }
            let target = parameter.dtype == T.dtype ? parameter : try parameter.detach().to(T.dtype)
            // Each storage is a class instance kept alive by its tensor, so its base pointer stays valid for
            // this call; making the writable ones unique first means none of them aliases the gradient.
            let w = try target.withUnsafeMutableElements(as: T.self, op: op) { $0.baseAddress! }
            for (k, t) in states.enumerated() { s[k] = try t.withUnsafeMutableElements(as: T.self, op: op) { $0.baseAddress! } }
            try withExtendedLifetime((target, states)) {
                try gradient.withUnsafeElements(as: T.self) { g in body(w, g.baseAddress!, s, parameter.count) }
            }
            if target !== parameter { try parameter.assign(target) }
        }
    }

    /// One state tensor per parameter, of its shape and filled with `value`, in the type its updates run
    /// in (float64 for a float64 parameter, float32 otherwise); where `used` is false, empty tensors
    /// instead, so that state an option switches off costs no parameter's worth of memory.
    static func states(for parameters: [Tensor], filledWith value: Double = 0, used: Bool = true) throws -> [Tensor] {
        try parameters.map { try used ? state(for: $0, filledWith: value) : Tensor.full([0], 0) }
    }

    /// One state tensor of `parameter`'s shape filled with `value`, in the type its updates run in.
    static func state(for parameter: Tensor, filledWith value: Double = 0) throws -> Tensor {
        try Tensor.full(checked: parameter.shape, value, dtype: parameter.dtype == .float64 ? .float64 : .float32)
    }
}

extension EngineFloat {
    /// A hyperparameter (a Double, as PyTorch's Python floats are) in this type: rounded once to Float
    /// for a float32 update, exact for a float64 one.
    @inline(__always) static func hyperparameter(_ value: Double) -> Self { Self(value) }
}
