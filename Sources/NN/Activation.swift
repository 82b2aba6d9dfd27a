import Tensor

/// A parameter-free layer that applies an elementwise function (`Tanh()`, `ReLU()` in the language).
public final class Activation: Module {
    public let name: String
    private let function: (Tensor) throws -> Tensor
    public var isTraining = true

    public init(_ name: String, _ function: @escaping (Tensor) throws -> Tensor) {
        self.name = name
        self.function = function
    }

    public func forward(_ x: Tensor) throws -> Tensor { try function(x) }
    public var summaryName: String { name + "()" }

    public static var tanh: Activation { Activation("Tanh") { $0.tanh() } }
    public static var sigmoid: Activation { Activation("Sigmoid") { $0.sigmoid() } }
    public static var relu: Activation { Activation("ReLU") { $0.relu() } }
}
