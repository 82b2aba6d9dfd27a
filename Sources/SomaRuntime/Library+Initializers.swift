import NN
import Script
import Tensor

/// Weight initializers in the language: each fills a tensor (usually a layer's parameter) in place and
/// returns it, as PyTorch's `nn.init.*_`.
extension Library {
    static func addInitializers(_ lib: inout Library) {
        func initializer(_ name: String, _ options: [String], required: Int = 0, _ doc: String,
                         _ fill: @escaping (Tensor, [Value?]) throws -> Void) {
            lib.add(name, doc) { a, _ in
                let v = try a.bind(name, ["tensor"] + options, required: 1 + required)
                guard case .object(let o as TensorValue) = v[0]! else {
                    throw ScriptError("TypeError", "\(name) fills a tensor in place (such as layer.weight), not a \(v[0]!.typeName)")
                }
                try fill(o.tensor, Array(v.dropFirst()))
                return v[0]!
            }
        }
        initializer("xavierUniform", ["gain"], "xavierUniform(tensor, gain: 1) — uniform in ±gain·√(6/(fanIn + fanOut)), in place.") { t, o in
            try Init.xavierUniform(t, gain: try Convert.float(o[0], "gain", default: 1))
        }
        initializer("xavierNormal", ["gain"], "xavierNormal(tensor, gain: 1) — normal with std gain·√(2/(fanIn + fanOut)), in place.") { t, o in
            try Init.xavierNormal(t, gain: try Convert.float(o[0], "gain", default: 1))
        }
        initializer("kaimingUniform", ["a", "mode", "nonlinearity"], "kaimingUniform(tensor, a: 0, mode: \"fanIn\", nonlinearity: \"leakyRelu\") — uniform in ±gain·√(3/fan), in place.") { t, o in
            try Init.kaimingUniform(t, a: try Convert.float(o[0], "a", default: 0), mode: try fanMode(o[1]),
                                    nonlinearity: try nonlinearity(o[2], default: .leakyRelu))
        }
        initializer("kaimingNormal", ["a", "mode", "nonlinearity"], "kaimingNormal(tensor, a: 0, mode: \"fanIn\", nonlinearity: \"leakyRelu\") — normal with std gain/√fan, in place.") { t, o in
            try Init.kaimingNormal(t, a: try Convert.float(o[0], "a", default: 0), mode: try fanMode(o[1]),
                                   nonlinearity: try nonlinearity(o[2], default: .leakyRelu))
        }
        initializer("orthogonal", ["gain"], "orthogonal(tensor, gain: 1) — a (semi-)orthogonal matrix times gain, in place.") { t, o in
            try Init.orthogonal(t, gain: try Convert.float(o[0], "gain", default: 1))
        }
        initializer("initZeros", [], "initZeros(tensor) — sets every element to 0, in place.") { t, _ in try Init.zeros(t) }
        initializer("initOnes", [], "initOnes(tensor) — sets every element to 1, in place.") { t, _ in try Init.ones(t) }
        initializer("initConstant", ["value"], required: 1, "initConstant(tensor, value) — sets every element to value, in place.") { t, o in
            try Init.constant(t, Float(try o[0]!.number("value")))
        }
        initializer("initNormal", ["mean", "std"], "initNormal(tensor, mean: 0, std: 1) — normal values, in place.") { t, o in
            try Init.normal(t, mean: try Convert.float(o[0], "mean", default: 0), std: try Convert.float(o[1], "std", default: 1))
        }
        initializer("initUniform", ["low", "high"], "initUniform(tensor, low: 0, high: 1) — uniform values in [low, high), in place.") { t, o in
            try Init.uniform(t, low: try Convert.float(o[0], "low", default: 0), high: try Convert.float(o[1], "high", default: 1))
        }
        initializer("initCopy", ["source"], required: 1, "initCopy(tensor, source) — copies the values of source (same shape) into tensor, in place; sets part of a parameter, such as an LSTM's forget-gate bias.") { t, o in
            let source = try Convert.tensor(o[0]!, "the source of initCopy")
            guard source.shape == t.shape else {
                throw ScriptError("ShapeError", "initCopy: the source has shape \(source.shape), the tensor \(t.shape)")
            }
            try t.assign(source)
        }
        lib.add("calculateGain", "calculateGain(nonlinearity, param: nil) — the recommended init gain: 1 linear/sigmoid, 5/3 tanh, √2 relu, √(2/(1 + slope²)) leakyRelu, 3/4 selu.") { a, _ in
            let v = try a.bind("calculateGain", ["nonlinearity", "param"], required: 1)
            let slope = try v[1].flatMap { p -> Float? in
                if case .null = p { return nil }
                return Float(try p.number("param"))
            }
            return .number(Convert.decimal(Init.gain(try nonlinearity(v[0], default: .linear), negativeSlope: slope)))
        }
    }

    private static func fanMode(_ v: Value?) throws -> Init.FanMode {
        guard let v else { return .fanIn }
        switch try v.string("mode") {
        case "fanIn", "fan_in": return .fanIn
        case "fanOut", "fan_out": return .fanOut
        case let s: throw ScriptError("ValueError", "mode must be \"fanIn\" or \"fanOut\", not \"\(s)\"")
        }
    }

    private static func nonlinearity(_ v: Value?, default d: Init.Nonlinearity) throws -> Init.Nonlinearity {
        guard let v else { return d }
        let s = try v.string("nonlinearity")
        switch s {
        case "leakyRelu", "leakyReLU", "leaky_relu": return .leakyRelu
        // Convolutions and identity are linear, as in PyTorch's calculate_gain.
        case "conv1d", "conv2d", "conv3d", "identity": return .linear
        default:
            guard let n = Init.Nonlinearity(rawValue: s) else {
                throw ScriptError("ValueError", "nonlinearity must be one of \"linear\", \"sigmoid\", \"tanh\", \"relu\", \"leakyRelu\", \"selu\", not \"\(s)\"")
            }
            return n
        }
    }
}
