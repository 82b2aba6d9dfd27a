import NN
import Script
import TensorEngine

/// Adaptive pooling, interpolation, pixel shuffling and window extraction: layers and functions that
/// change an image's size or layout.
extension Library {
    static func addResizing(_ lib: inout Library) {
        lib.add("AdaptiveAvgPool2d", ["outputSize"], "the mean over adaptive windows of [N, C, H, W], giving [N, C, outputSize].") { a, _ in
            .object(ModuleValue(try AdaptiveAvgPool2d(try a.sizes("outputSize"))))
        }
        lib.add("AdaptiveMaxPool2d", ["outputSize"], "the maximum over adaptive windows of [N, C, H, W], giving [N, C, outputSize].") { a, _ in
            .object(ModuleValue(try AdaptiveMaxPool2d(try a.sizes("outputSize"))))
        }
        lib.add("adaptiveAvgPool2d", ["input", "outputSize"], "adaptive mean pooling as a function.") { a, _ in
            Convert.wrap(try Tensor.adaptiveAvgPool2d(try a.tensor("input", as: "the input of adaptiveAvgPool2d"), outputSize: try a.sizes("outputSize")))
        }
        lib.add("adaptiveMaxPool2d", ["input", "outputSize"], "adaptive max pooling as a function.") { a, _ in
            Convert.wrap(try Tensor.adaptiveMaxPool2d(try a.tensor("input", as: "the input of adaptiveMaxPool2d"), outputSize: try a.sizes("outputSize")))
        }
        let resizeOptions: [Signature.Parameter] = [.optional("size"), .optional("scaleFactor"),
                                                    .defaulted("mode", engine: InterpolationDefaults.mode),
                                                    .defaulted("alignCorners", engine: InterpolationDefaults.alignCorners)]
        lib.add("Upsample", resizeOptions, "resizes [N, C, H, W] to size or by scaleFactor, mode \"nearest\" or \"bilinear\".") { a, _ in
            let (size, factor, mode) = try resizeArguments(a, "Upsample")
            return .object(ModuleValue(try Upsample(size: size, scaleFactor: factor, mode: mode, alignCorners: try a.boolean("alignCorners"))))
        }
        lib.add("interpolate", ["input"] + resizeOptions, "resizing as a function (PyTorch's F.interpolate).") { a, _ in
            let (size, factor, mode) = try resizeArguments(a, "interpolate")
            return Convert.wrap(try Tensor.interpolate(try a.tensor("input", as: "the input of interpolate"), size: size, scaleFactor: factor,
                                                       mode: mode, alignCorners: try a.boolean("alignCorners")))
        }
        lib.add("PixelShuffle", ["upscaleFactor"], "moves channel blocks into space: [N, C·r², H, W] → [N, C, H·r, W·r].") { a, _ in
            .object(ModuleValue(try PixelShuffle(try a.integer("upscaleFactor"))))
        }
        lib.add("pixelShuffle", ["input", "upscaleFactor"], "pixel shuffling as a function.") { a, _ in
            Convert.wrap(try Tensor.pixelShuffle(try a.tensor("input", as: "the input of pixelShuffle"), upscaleFactor: try a.integer("upscaleFactor")))
        }
    }

    static func addWindows(_ lib: inout Library) {
        let options: [Signature.Parameter] = [.defaulted("dilation", engine: ConvDefaults.dilation),
                                              .defaulted("padding", engine: ConvDefaults.padding),
                                              .defaulted("stride", engine: ConvDefaults.stride)]
        lib.add("Unfold", ["kernelSize"] + options, "sliding windows as columns: [N, C, H, W] → [N, C·kH·kW, L].") { a, _ in
            .object(ModuleValue(Unfold(kernelSize: try a.sizes("kernelSize"), dilation: try a.sizes("dilation"),
                                       padding: try a.sizes("padding"), stride: try a.sizes("stride"))))
        }
        lib.add("Fold", ["outputSize", "kernelSize"] + options, "columns summed back into an image: [N, C·kH·kW, L] → [N, C, outputSize].") { a, _ in
            .object(ModuleValue(Fold(outputSize: try a.sizes("outputSize"), kernelSize: try a.sizes("kernelSize"),
                                     dilation: try a.sizes("dilation"), padding: try a.sizes("padding"), stride: try a.sizes("stride"))))
        }
        lib.add("unfold", ["input", "kernelSize"] + options, "sliding-window extraction as a function (PyTorch's F.unfold).") { a, _ in
            Convert.wrap(try Tensor.unfold(try a.tensor("input", as: "the input of unfold"), kernelSize: try a.sizes("kernelSize"),
                                           dilation: try a.sizes("dilation"), padding: try a.sizes("padding"), stride: try a.sizes("stride")))
        }
        lib.add("fold", ["input", "outputSize", "kernelSize"] + options, "the sum of columns into an image as a function (PyTorch's F.fold).") { a, _ in
            Convert.wrap(try Tensor.fold(try a.tensor("input", as: "the input of fold"), outputSize: try a.sizes("outputSize"),
                                         kernelSize: try a.sizes("kernelSize"), dilation: try a.sizes("dilation"),
                                         padding: try a.sizes("padding"), stride: try a.sizes("stride")))
        }
    }

    /// The size, scale factor (a number or one per dimension) and mode of a resize.
    private static func resizeArguments(_ a: BoundArguments, _ function: String) throws -> ([Int]?, [Double]?, InterpolationMode) {
        let modeName = try a.string("mode")
        guard let mode = InterpolationMode(rawValue: modeName) else {
            let modes = InterpolationMode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw ScriptError("ValueError", "\(function): mode must be one of \(modes), not \"\(modeName)\"")
        }
        let factor = try a.given("scaleFactor").map { v -> [Double] in
            if case .number(let n) = v { return [n] }
            return try v.sequence("scaleFactor").map { try $0.number("scaleFactor") }
        }
        return (try a.optionalSizes("size"), factor, mode)
    }
}
