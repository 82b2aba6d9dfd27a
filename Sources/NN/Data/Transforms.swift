#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Data augmentation and normalization of image batches `[N, C, H, W]`, as torchvision's transforms
/// (`Normalize`, `RandomHorizontalFlip`, `RandomCrop`, `RandomRotation`, Gaussian noise) but applied to
/// a whole batch with a fresh random choice per sample, drawn from the seeded generator.
///
/// Results keep the input's dtype and carry no gradient history (they prepare data). Rotation and
/// noise need floating-point images; flips and crops take any dtype.
public enum Transforms {
    /// `(x − mean[c]) / std[c]` per channel; `mean` and `std` hold one value per channel or one for all.
    public static func normalize(_ x: Tensor, mean: [Double], std: [Double]) throws -> Tensor {
        let channels = try batchShape(x, "normalize").channels
        for (name, values) in [("mean", mean), ("std", std)] where values.count != 1 && values.count != channels {
            throw TensorError(.shape, "normalize: \(name) has \(values.count) values for \(channels) channels")
        }
        guard std.allSatisfy({ $0 != 0 }) else { throw TensorError(.value, "normalize: std must not be 0 (got \(std))") }
        let shape = [1, mean.count == 1 ? 1 : channels, 1, 1], spread = [1, std.count == 1 ? 1 : channels, 1, 1]
        let m = try Tensor(shape: shape, elements: mean, dtype: .float64), s = try Tensor(shape: spread, elements: std, dtype: .float64)
        return try noGrad { try ((x.detach() - m) / s).to(x.dtype.isFloatingPoint ? x.dtype : .float32) }
    }

    /// Each sample mirrored left–right (`axis` 3) or top–bottom (`axis` 2) with probability `p`.
    public static func randomFlip(_ x: Tensor, p: Double, axis: Int) throws -> Tensor {
        let n = try batchShape(x, axis == 3 ? "randomHorizontalFlip" : "randomVerticalFlip").n
        guard p >= 0 && p <= 1 else { throw TensorError(.value, "random flips: p must be in [0, 1] (got \(p))") }
        let chosen = (0..<n).map { _ in RNG.global.uniformDouble() < p }
        let mask = try Tensor(shape: [n, 1, 1, 1], elements: chosen, dtype: .bool)
        return try noGrad { try Tensor.where(mask, x.detach().flip([axis]), x.detach()) }
    }

    /// A random `size` ([height, width]) window of each sample, after padding every side with `padding`
    /// zeros; a window larger than the padded image is a ValueError.
    public static func randomCrop(_ x: Tensor, size: [Int], padding: Int = 0) throws -> Tensor {
        let (n, _, h, w) = try batchShape(x, "randomCrop")
        guard size.count == 2, size.allSatisfy({ $0 >= 1 }), padding >= 0 else {
            throw TensorError(.value, "randomCrop: size must be [height, width] of positive sizes and padding non-negative (got \(size), \(padding))")
        }
        guard size[0] <= h + 2 * padding, size[1] <= w + 2 * padding else {
            throw TensorError(.value, "randomCrop: a \(size[0])×\(size[1]) window does not fit a \(h + 2 * padding)×\(w + 2 * padding) padded image")
        }
        return try noGrad {
            let padded = padding > 0 ? try x.detach().pad([padding, padding, padding, padding]) : x.detach()
            let crops = try (0..<n).map { i -> Tensor in
                let top = RNG.global.below(h + 2 * padding - size[0] + 1), left = RNG.global.below(w + 2 * padding - size[1] + 1)
                return try padded[.at(i), .all, .slice(top, top + size[0], 1), .slice(left, left + size[1], 1)]
            }
            return try Tensor.stack(crops, axis: 0)
        }
    }

    /// Each sample turned about its centre by an angle drawn uniformly from [−degrees, degrees],
    /// sampled bilinearly; pixels from outside the image are 0 (torchvision's `RandomRotation` with
    /// bilinear interpolation and fill 0).
    public static func randomRotation(_ x: Tensor, degrees: Double) throws -> Tensor {
        let (n, c, h, w) = try batchShape(x, "randomRotation")
        guard x.dtype.isFloatingPoint else { throw TensorError(.type, "randomRotation: needs floating-point images, not \(x.dtype)") }
        guard degrees >= 0, degrees.isFinite else { throw TensorError(.value, "randomRotation: degrees must be non-negative (got \(degrees))") }
        let source = x.elements(as: Double.self)
        var out = [Double](repeating: 0, count: source.count)
        let cy = Double(h - 1) / 2, cx = Double(w - 1) / 2
        for i in 0..<n {
            let angle = (2 * RNG.global.uniformDouble() - 1) * degrees * Double.pi / 180
            let (cosA, sinA) = (cos(angle), sin(angle))
            for y in 0..<h {
                for xo in 0..<w {
                    // The source point that lands on (y, xo): the inverse rotation about the centre.
                    let dy = Double(y) - cy, dx = Double(xo) - cx
                    let sx = cosA * dx + sinA * dy + cx, sy = -sinA * dx + cosA * dy + cy
                    let x0 = Int(floor(sx)), y0 = Int(floor(sy)), fx = sx - floor(sx), fy = sy - floor(sy)
                    for ch in 0..<c {
                        let base = (i * c + ch) * h * w
                        func at(_ yy: Int, _ xx: Int) -> Double {
                            yy >= 0 && yy < h && xx >= 0 && xx < w ? source[base + yy * w + xx] : 0
                        }
                        out[base + y * w + xo] = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1))
                            + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1))
                    }
                }
            }
            try EngineContext.checkInterrupt()
        }
        return try Tensor(shape: x.shape, elements: out, dtype: x.dtype)
    }

    /// `x` plus Gaussian noise of standard deviation `std`.
    public static func gaussianNoise(_ x: Tensor, std: Double) throws -> Tensor {
        guard x.dtype.isFloatingPoint else { throw TensorError(.type, "gaussianNoise: needs floating-point data, not \(x.dtype)") }
        guard std >= 0, std.isFinite else { throw TensorError(.value, "gaussianNoise: std must be non-negative (got \(std))") }
        return try noGrad { try x.detach() + Tensor.randn(x.shape, dtype: x.dtype) * Tensor.number(std) }
    }

    /// The batch's sizes, or a ShapeError naming `op` when `x` is not `[N, C, H, W]`.
    static func batchShape(_ x: Tensor, _ op: String) throws -> (n: Int, channels: Int, height: Int, width: Int) {
        guard x.rank == 4 else { throw TensorError(.shape, "\(op): needs a batch of images [N, C, H, W], not \(x.shape)") }
        return (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    }
}
