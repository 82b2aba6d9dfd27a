#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Two-dimensional classification problems: moons, circles, spirals, XOR and Gaussian blobs.
///
/// Moons, circles and blobs follow scikit-learn's `make_moons`, `make_circles` and `make_blobs`
/// (the same shapes, label order and defaults), drawn from Soma's own generator.
extension Datasets {
    /// Two interleaving half circles: the outer one labelled 0 (`n / 2` points, rounded down), the inner
    /// one labelled 1.
    public static func moons(_ n: Int, noise: Float = 0, shuffle: Bool = true) throws -> (x: Tensor, y: Tensor) {
        try check("moons", n: n, noise: noise)
        let outer = n / 2, inner = n - outer
        var points: [Float] = [], labels: [Float] = []
        for t in spaced(0, .pi, outer) { points += [Float(cos(t)), Float(sin(t))]; labels.append(0) }
        for t in spaced(0, .pi, inner) {
            points += [Float(1 - cos(t)), Float(1 - sin(t) - 0.5)]
            labels.append(1)
        }
        return try make(points, features: 2, labels: labels, noise: noise, shuffle: shuffle)
    }

    /// Two concentric circles: the outer one of radius 1 labelled 0, the inner one of radius `factor`
    /// labelled 1.
    public static func circles(_ n: Int, noise: Float = 0, factor: Float = 0.8,
                               shuffle: Bool = true) throws -> (x: Tensor, y: Tensor) {
        try check("circles", n: n, noise: noise)
        guard factor >= 0, factor < 1 else {
            throw TensorError(.value, "circles: factor must be in [0, 1) (got \(factor))")
        }
        let outer = n / 2, inner = n - outer
        var points: [Float] = [], labels: [Float] = []
        for (count, radius, label) in [(outer, Double(1), Float(0)), (inner, Double(factor), Float(1))] {
            for t in spaced(0, 2 * .pi, count, endpoint: false) {
                points += [Float(radius * cos(t)), Float(radius * sin(t))]
                labels.append(label)
            }
        }
        return try make(points, features: 2, labels: labels, noise: noise, shuffle: shuffle)
    }

    /// `classes` interleaved spiral arms (as in CS231n): arm k holds about `n / classes` points at radius
    /// r from 0 to 1 and angle `4r + 2πk / classes`.
    public static func spirals(_ n: Int, classes: Int = 2, noise: Float = 0,
                               shuffle: Bool = true) throws -> (x: Tensor, y: Tensor) {
        try check("spirals", n: n, noise: noise)
        guard classes >= 1, classes <= n else {
            throw TensorError(.value, "spirals: classes must be between 1 and the number of samples \(n) (got \(classes))")
        }
        var points: [Float] = [], labels: [Float] = []
        for k in 0..<classes {
            let count = n / classes + (k < n % classes ? 1 : 0)
            for r in spaced(0, 1, count) {
                let angle = 4 * r + 2 * .pi * Double(k) / Double(classes)
                points += [Float(r * sin(angle)), Float(r * cos(angle))]
                labels.append(Float(k))
            }
        }
        return try make(points, features: 2, labels: labels, noise: noise, shuffle: shuffle)
    }

    /// The XOR problem: sample i sits on corner `i % 4` of the unit square, in the order of the truth
    /// table (00, 01, 10, 11), plus noise; its label is the XOR of the corner's bits. With n = 4 and no
    /// noise this is the truth table itself.
    public static func xor(_ n: Int = 4, noise: Float = 0) throws -> (x: Tensor, y: Tensor) {
        try check("xor", n: n, noise: noise)
        let corners: [(Float, Float)] = [(0, 0), (0, 1), (1, 0), (1, 1)]
        var points: [Float] = [], labels: [Float] = []
        for i in 0..<n {
            let (a, b) = corners[i % 4]
            points += [a, b]
            labels.append(a == b ? 0 : 1)
        }
        return try make(points, features: 2, labels: labels, noise: noise, shuffle: false)
    }

    /// Isotropic Gaussian clusters with standard deviation `std` around `centers` random points drawn
    /// uniformly from [-10, 10) in `features` dimensions; sample counts are as even as possible, the
    /// first clusters taking the remainder.
    public static func blobs(_ n: Int, centers: Int = 3, features: Int = 2, std: Float = 1,
                             shuffle: Bool = true) throws -> (x: Tensor, y: Tensor) {
        try check("blobs", n: n)
        guard centers >= 1, features >= 1, features <= 4096 else {
            throw TensorError(.value, "blobs: centers and features must be positive (got \(centers), \(features))")
        }
        var coordinates: [Float] = []
        for _ in 0..<(try Memory.count([centers, features], op: "blobs")) { coordinates.append(-10 + 20 * RNG.global.uniform()) }
        return try blobs(n, centers: try Tensor(shape: [centers, features], values: coordinates), std: std,
                         shuffle: shuffle)
    }

    /// Gaussian clusters around the rows of `centers` (`[k, features]`).
    public static func blobs(_ n: Int, centers: Tensor, std: Float = 1,
                             shuffle: Bool = true) throws -> (x: Tensor, y: Tensor) {
        try check("blobs", n: n, noise: std)
        guard centers.rank == 2, centers.shape[0] >= 1, centers.shape[1] >= 1 else {
            throw TensorError(.shape, "blobs: centers must have shape [clusters, features], got \(centers.shape)")
        }
        let k = centers.shape[0], d = centers.shape[1], c = centers.values
        var points: [Float] = [], labels: [Float] = []
        points.reserveCapacity(try Memory.count([n, d], op: "blobs"))
        for j in 0..<k {
            for _ in 0..<(n / k + (j < n % k ? 1 : 0)) {
                points += c[(j * d)..<((j + 1) * d)]
                labels.append(Float(j))
            }
        }
        return try make(points, features: d, labels: labels, noise: std, shuffle: shuffle)
    }
}
