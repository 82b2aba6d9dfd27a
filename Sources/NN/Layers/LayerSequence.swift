/// A module whose children are a numbered list of layers (`Sequential`, PyTorch's `nn.ModuleList`):
/// the language indexes it (`model[0]`, `moe.experts[1]`), takes its length and loops over it.
public protocol LayerSequence: Module {
    var layers: [any Module] { get }
}

extension Sequential: LayerSequence {}
extension LayerList: LayerSequence {}
