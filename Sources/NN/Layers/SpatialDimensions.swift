/// How many spatial dimensions a convolution or pooling layer works over, and how its Swift API writes
/// a size option: one `Int` in 1-D (`Conv1d(3, 4, kernelSize: 5)`), a list above (one value for every
/// dimension or one per dimension, `Conv2d(3, 4, kernelSize: [3, 5])`).
public protocol SpatialDimensions {
    /// A size option as the layer's initializer takes it and its property holds it.
    associatedtype Size: Equatable
    /// 1, 2 or 3.
    static var count: Int { get }
    /// The option as a list.
    static func values(_ size: Size) -> [Int]
    /// The option from a list (of one value, or of one per dimension).
    static func size(_ values: [Int]) -> Size
}

/// One spatial dimension (`[N, C, L]`): sizes are single numbers.
public enum Spatial1d: SpatialDimensions {
    public static let count = 1
    public static func values(_ size: Int) -> [Int] { [size] }
    public static func size(_ values: [Int]) -> Int { values[0] }
}

/// Two spatial dimensions (`[N, C, H, W]`): sizes are lists.
public enum Spatial2d: SpatialDimensions {
    public static let count = 2
    public static func values(_ size: [Int]) -> [Int] { size }
    public static func size(_ values: [Int]) -> [Int] { values }
}

/// Three spatial dimensions (`[N, C, D, H, W]`): sizes are lists.
public enum Spatial3d: SpatialDimensions {
    public static let count = 3
    public static func values(_ size: [Int]) -> [Int] { size }
    public static func size(_ values: [Int]) -> [Int] { values }
}
