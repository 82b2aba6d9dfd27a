import NN
import Script
import TensorEngine

/// 3-D convolution and pooling over `[N, C, D, H, W]` volumes: the layers and their functional forms.
extension Library {
    static func addConv3d(_ lib: inout Library) {
        addConvLayer(&lib, Conv3d.self,
                     "a 3-D convolution over [N, C, D, H, W]; sizes are a number or [depth, height, width], padding may be \"same\" or \"valid\".")
        lib.add("conv3d", ["input", "weight", .optional("bias")] + convOptions,
                "the 3-D convolution as a function; weight [out, in/groups, kD, kH, kW].") { a, _ in
            Convert.wrap(try Tensor.conv3d(try a.tensor("input", as: "the input of conv3d"), weight: try a.tensor("weight"),
                                           bias: try a.optionalTensor("bias"), stride: try a.sizes("stride"),
                                           padding: try convPadding(try a.value("padding"), "conv3d", dims: 3),
                                           dilation: try a.sizes("dilation"), groups: try a.integer("groups")))
        }
        addMaxPoolLayer(&lib, MaxPool3d.self, "the maximum of each window of [N, C, D, H, W].")
        addAvgPoolLayer(&lib, AvgPool3d.self, "the mean of each window of [N, C, D, H, W].")
        lib.add("maxPool3d", ["input", "kernelSize"] + maxPoolOptions, "3-D max pooling as a function.") { a, _ in
            Convert.wrap(try Tensor.maxPool3d(try a.tensor("input", as: "the input of maxPool3d"), kernel: try a.sizes("kernelSize"),
                                              stride: try a.optionalSizes("stride"), padding: try a.sizes("padding"),
                                              dilation: try a.sizes("dilation"), ceilMode: try a.boolean("ceilMode")))
        }
        lib.add("avgPool3d", ["input", "kernelSize"] + avgPoolOptions, "3-D average pooling as a function.") { a, _ in
            Convert.wrap(try Tensor.avgPool3d(try a.tensor("input", as: "the input of avgPool3d"), kernel: try a.sizes("kernelSize"),
                                              stride: try a.optionalSizes("stride"), padding: try a.sizes("padding"),
                                              ceilMode: try a.boolean("ceilMode"), countIncludePad: try a.boolean("countIncludePad")))
        }
    }
}
