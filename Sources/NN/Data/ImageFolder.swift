import TensorEngine

/// A labelled image data set from a folder with one subfolder per class, as torchvision's
/// `ImageFolder`: classes are the subfolder names in sorted order, labels their indices.
public enum ImageFolder {
    /// The file endings read as images (lowercased).
    static let endings = [".png", ".jpg", ".jpeg"]

    /// Every image under `root`'s class folders as `x` `[N, C, H, W]` float32 in [0, 1], labels `y`
    /// (int64), and the class names. With `size` ([height, width]) each image is resized bilinearly;
    /// without it they must all have one size, and the first that differs is a ShapeError naming it.
    /// Files with other endings are skipped; a class folder with no image, or a root with no class
    /// folder, is a ValueError.
    public static func load(_ root: String, size: [Int]? = nil, mode: ImageFile.Mode = .rgb) throws
        -> (x: Tensor, y: Tensor, classes: [String]) {
        if let size, size.count != 2 || size.contains(where: { $0 < 1 }) {
            throw TensorError(.value, "ImageFolder: size must be [height, width] of positive sizes (got \(size))")
        }
        let separator = root.hasSuffix("/") ? "" : "/"
        let classes = try FileIO.entries(root, op: "ImageFolder").filter(\.isFolder).map(\.name)
        guard !classes.isEmpty else { throw TensorError(.value, "ImageFolder: '\(root)' has no class folders") }
        var images: [Tensor] = [], labels: [Int64] = []
        for (label, name) in classes.enumerated() {
            let folder = root + separator + name
            let files = try FileIO.entries(folder, op: "ImageFolder").filter { entry in
                !entry.isFolder && endings.contains { entry.name.lowercased().hasSuffix($0) }
            }
            guard !files.isEmpty else { throw TensorError(.value, "ImageFolder: class folder '\(folder)' holds no PNG or JPEG image") }
            for file in files {
                let path = folder + "/" + file.name
                var image = try ImageFile.read(path, mode: mode).to(.float32) / Tensor.number(255)
                if let size {
                    image = try Tensor.interpolate(image.unsqueeze(axis: 0), size: size, mode: .bilinear).squeeze(axis: 0)
                } else if let first = images.first, first.shape != image.shape {
                    throw TensorError(.shape, "ImageFolder: '\(path)' is \(image.shape) but the images before it are \(first.shape); pass size: to resize them all")
                }
                images.append(image)
                labels.append(Int64(label))
            }
        }
        let x = try Tensor.stack(images, axis: 0)
        return (x, try Tensor(shape: [labels.count], elements: labels, dtype: .int64), classes)
    }
}
