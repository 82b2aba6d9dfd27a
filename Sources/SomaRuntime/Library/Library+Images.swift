import NN
import Script
import TensorEngine

/// Images: reading and writing PNG/JPEG files, image-folder data sets, and batch augmentation.
extension Library {
    static func addImages(_ lib: inout Library) {
        let modes = ImageFile.Mode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        lib.add("readImage", ["path", .optional("mode", shown: "the file's")],
                "a PNG or JPEG file as a uint8 tensor [channels, height, width]; mode \(modes) converts the channels.") { a, _ in
            Convert.wrap(try ImageFile.read(try Convert.path(try a.value("path"), "readImage"), mode: try imageMode(a)))
        }
        lib.add("saveImage", ["image", "path"],
                "writes [channels, height, width] (1–4 channels) or [height, width] as a PNG file: uint8 as it is, floats in [0, 1] scaled to 0…255.") { a, _ in
            try ImageFile.writePNG(try a.tensor("image"), to: try Convert.path(try a.value("path"), "saveImage"))
            return .null
        }
        lib.add("ImageFolder", ["root", .optional("size", shown: "the images'"), .defaulted("mode", "RGB")],
                "[x, y, classes] from a folder with a subfolder of PNG/JPEG images per class: x [N, C, H, W] in [0, 1] (resized to size [height, width] when given), y int64 labels, classes the sorted folder names.") { a, _ in
            let size = try a.given("size").map { try $0.integers("the size of ImageFolder") }
            let data = try ImageFolder.load(try Convert.path(try a.value("root"), "ImageFolder"), size: size, mode: try imageMode(a) ?? .rgb)
            return .list(ListStorage([Convert.wrap(data.x), Convert.wrap(data.y), .list(ListStorage(data.classes.map { .string($0) }))]))
        }
        lib.add("normalize", ["x", "mean", "std"], "(x − mean[c]) / std[c] per channel of images [N, C, H, W] (one value, or one per channel).") { a, _ in
            Convert.wrap(try Transforms.normalize(try a.tensor("x"), mean: try numbers(try a.value("mean"), "the mean of normalize"),
                                                  std: try numbers(try a.value("std"), "the std of normalize")))
        }
        for (name, axis) in [("randomHorizontalFlip", 3), ("randomVerticalFlip", 2)] {
            lib.add(name, ["x", .defaulted("p", 0.5)], "each image of [N, C, H, W] mirrored with probability p.") { a, _ in
                Convert.wrap(try Transforms.randomFlip(try a.tensor("x"), p: try a.number("p"), axis: axis))
            }
        }
        lib.add("randomCrop", ["x", "size", .defaulted("padding", 0)],
                "a random window [height, width] of each image of [N, C, H, W], after zero padding on every side.") { a, _ in
            Convert.wrap(try Transforms.randomCrop(try a.tensor("x"), size: try a.value("size").integers("the size of randomCrop"),
                                                   padding: try a.integer("padding")))
        }
        lib.add("randomRotation", ["x", "degrees"], "each image of [N, C, H, W] turned by a random angle in [−degrees, degrees], bilinear, filled with 0.") { a, _ in
            Convert.wrap(try Transforms.randomRotation(try a.tensor("x"), degrees: try a.number("degrees")))
        }
        lib.add("gaussianNoise", ["x", .defaulted("std", 0.1)], "x plus Gaussian noise of standard deviation std.") { a, _ in
            Convert.wrap(try Transforms.gaussianNoise(try a.tensor("x"), std: try a.number("std")))
        }
    }

    /// The `mode:` argument of the image readers, or a ValueError listing the modes.
    private static func imageMode(_ a: BoundArguments) throws -> ImageFile.Mode? {
        guard let given = try a.given("mode") else { return nil }
        let name = try given.string("the mode")
        guard let mode = ImageFile.Mode(rawValue: name) else {
            throw ScriptError("ValueError", "mode must be one of \(ImageFile.Mode.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"")
        }
        return mode
    }
}
