/// PyTorch's defaults of the pooling layers' options (per dimension; stride defaults to the kernel
/// size), which the language's pooling layers and functions declare too.
public enum PoolDefaults {
    public static let padding = 0, dilation = 1
    public static let ceilMode = false, countIncludePad = true
}
