import TensorEngine

/// Modules applied one after another; children are named by position (`0`, `1`, …).
public final class Sequential: Module {
    public let forwardHooks = ForwardHooks()
    public let layers: [any Module]
    public var isTraining = true

    public init(_ layers: [any Module]) { self.layers = layers }
    public convenience init(_ layers: any Module...) { self.init(layers) }

    public func forward(_ x: Tensor) throws -> Tensor {
        try layers.reduce(x) { try $1($0) }
    }

    public var children: [(String, any Module)] { layers.enumerated().map { (String($0.offset), $0.element) } }
}
