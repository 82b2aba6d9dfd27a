/// A pooling layer's window: kernel, stride and padding, one value per spatial dimension.
struct PoolWindow {
    let kernel: [Int], stride: [Int], padding: [Int]

    init(kernel: [Int], stride: [Int], padding: [Int]) {
        (self.kernel, self.stride, self.padding) = (kernel, stride, padding)
    }

    /// The options as given, checked and expanded; the stride follows the kernel when nil.
    init(kernel: [Int], stride: [Int]?, padding: [Int], dims: Int, layer: String) throws {
        let k = try ConvLayer.perDimension(kernel, dims: dims, "kernel size", layer: layer, minimum: 1)
        let s = try stride.map { try ConvLayer.perDimension($0, dims: dims, "stride", layer: layer, minimum: 1) } ?? k
        let p = try ConvLayer.perDimension(padding, dims: dims, "padding", layer: layer, minimum: 0)
        self.init(kernel: k, stride: s, padding: p)
    }

    /// The layer's text form, such as `MaxPool2d(3, stride: 2, ceilMode: true)`: the window's options that
    /// differ from their defaults, then the layer's own `options`.
    func text(_ layer: String, _ options: [(String, String, Bool)]) -> String {
        "\(layer)(\(ConvLayer.text(kernel))" + ConvLayer.options([
            ("stride", ConvLayer.text(stride), stride != kernel),
            ("padding", ConvLayer.text(padding), padding.contains { $0 != PoolDefaults.padding }),
        ] + options) + ")"
    }
}
