import NN
import Script
import TensorEngine

/// Weight initializers in the language: each fills a tensor (usually a layer's parameter) in place and
/// returns it, as PyTorch's `nn.init.*_`.
extension Library {
    static func addInitializers(_ lib: inout Library) {
        func initializer(_ name: String, _ options: [Signature.Parameter], _ summary: String,
                         _ fill: @escaping (Tensor, BoundArguments) throws -> Void) {
            lib.add(name, ["tensor"] + options, summary) { a, _ in
                let given = try a.value("tensor")
                guard case .object(let o as TensorValue) = given else {
                    throw ScriptError("TypeError", "\(name) fills a tensor in place (such as layer.weight), not a \(given.typeName)")
                }
                try fill(o.tensor, a)
                return given
            }
        }
        let kaiming: [Signature.Parameter] = [.defaulted("a", 0), .defaulted("mode", "fanIn"), .defaulted("nonlinearity", "leakyRelu")]
        initializer("xavierUniform", [.defaulted("gain", 1)], "uniform in ±gain·√(6/(fanIn + fanOut)), in place.") { t, a in
            try Init.xavierUniform(t, gain: try a.float("gain"))
        }
        initializer("xavierNormal", [.defaulted("gain", 1)], "normal with std gain·√(2/(fanIn + fanOut)), in place.") { t, a in
            try Init.xavierNormal(t, gain: try a.float("gain"))
        }
        initializer("kaimingUniform", kaiming, "uniform in ±gain·√(3/fan), in place.") { t, a in
            try Init.kaimingUniform(t, a: try a.float("a"), mode: try fanMode(try a.value("mode")), nonlinearity: try nonlinearity(try a.value("nonlinearity")))
        }
        initializer("kaimingNormal", kaiming, "normal with std gain/√fan, in place.") { t, a in
            try Init.kaimingNormal(t, a: try a.float("a"), mode: try fanMode(try a.value("mode")), nonlinearity: try nonlinearity(try a.value("nonlinearity")))
        }
        initializer("orthogonal", [.defaulted("gain", 1)], "a (semi-)orthogonal matrix times gain, in place.") { t, a in
            try Init.orthogonal(t, gain: try a.float("gain"))
        }
        initializer("initZeros", [], "sets every element to 0, in place.") { t, _ in try Init.zeros(t) }
        initializer("initOnes", [], "sets every element to 1, in place.") { t, _ in try Init.ones(t) }
        initializer("initConstant", ["value"], "sets every element to value, in place.") { t, a in
            try Init.constant(t, try a.float("value"))
        }
        initializer("initNormal", [.defaulted("mean", 0), .defaulted("std", 1)], "normal values, in place.") { t, a in
            try Init.normal(t, mean: try a.float("mean"), std: try a.float("std"))
        }
        initializer("initUniform", [.defaulted("low", 0), .defaulted("high", 1)], "uniform values in [low, high), in place.") { t, a in
            try Init.uniform(t, low: try a.float("low"), high: try a.float("high"))
        }
        initializer("initCopy", ["source"],
                    "copies the values of source (same shape) into tensor, in place; sets part of a parameter, such as an LSTM's forget-gate bias.") { t, a in
            let source = try a.tensor("source", as: "the source of initCopy")
            guard source.shape == t.shape else {
                throw ScriptError("ShapeError", "initCopy: the source has shape \(source.shape), the tensor \(t.shape)")
            }
            try t.assign(source)
        }
        lib.add("calculateGain", [.defaulted("nonlinearity", "linear"), .optional("param")],
                "the recommended init gain: 1 linear/sigmoid, 5/3 tanh, √2 relu, √(2/(1 + slope²)) leakyRelu, 3/4 selu.") { a, _ in
            let slope = try a.given("param").map { Float(try $0.number("param")) }
            return .number(Convert.decimal(Init.gain(try nonlinearity(try a.value("nonlinearity")), negativeSlope: slope)))
        }
    }

    private static func fanMode(_ v: Value) throws -> Init.FanMode {
        switch try v.string("mode") {
        case "fanIn", "fan_in": return .fanIn
        case "fanOut", "fan_out": return .fanOut
        case let s: throw ScriptError("ValueError", "mode must be \"fanIn\" or \"fanOut\", not \"\(s)\"")
        }
    }

    private static func nonlinearity(_ v: Value) throws -> Init.Nonlinearity {
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
