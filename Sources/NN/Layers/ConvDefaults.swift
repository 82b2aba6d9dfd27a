/// PyTorch's defaults of Conv1d's and Conv2d's options (per dimension), which the language's
/// convolution layers and functions declare too.
public enum ConvDefaults {
    public static let stride = 1, padding = 0, dilation = 1, groups = 1
    /// The extra size on one side of a transposed convolution's output (ConvTranspose's `output_padding`).
    public static let outputPadding = 0
    public static let bias = true
}
