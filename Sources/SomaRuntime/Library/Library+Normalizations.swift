import NN
import Script
import TensorEngine

/// The normalizations without batch statistics: group, instance and local-response normalization,
/// as layers and as functions.
extension Library {
    static func normalizations() -> Library {
        var lib = Library()
        lib.add("GroupNorm", ["numGroups", "numChannels", .defaulted("eps", engine: GroupNorm.Defaults.eps),
                              .defaulted("affine", engine: GroupNorm.Defaults.affine)],
                "normalizes groups of channels of each sample to mean 0 and variance 1, then scales and shifts per channel.") { a, _ in
            .object(ModuleValue(try GroupNorm(numGroups: try a.integer("numGroups"), numChannels: try a.integer("numChannels"),
                                              eps: try a.number("eps"), affine: try a.boolean("affine"))))
        }
        lib.add("groupNorm", ["input", "numGroups", .optional("weight"), .optional("bias"), .defaulted("eps", engine: GroupNorm.Defaults.eps)],
                "group normalization as a function.") { a, _ in
            Convert.wrap(try Tensor.groupNorm(try a.tensor("input", as: "the input of groupNorm"), numGroups: try a.integer("numGroups"),
                                              weight: try a.optionalTensor("weight"), bias: try a.optionalTensor("bias"), eps: try a.number("eps")))
        }
        for (name, make) in [("InstanceNorm1d", InstanceNorm1d.init), ("InstanceNorm2d", InstanceNorm2d.init)]
            as [(String, (Int, Double, Double, Bool, Bool) throws -> InstanceNorm)] {
            lib.add(name, ["numFeatures", .defaulted("eps", engine: InstanceNorm.Defaults.eps),
                           .defaulted("momentum", engine: InstanceNorm.Defaults.momentum),
                           .defaulted("affine", engine: InstanceNorm.Defaults.affine),
                           .defaulted("trackRunningStats", engine: InstanceNorm.Defaults.trackRunningStats)],
                    "normalizes each channel of each sample over its positions.") { a, _ in
                .object(ModuleValue(try make(try a.integer("numFeatures"), try a.number("eps"), try a.number("momentum"),
                                             try a.boolean("affine"), try a.boolean("trackRunningStats"))))
            }
        }
        lib.add("instanceNorm", ["input", .optional("weight"), .optional("bias"), .defaulted("eps", engine: InstanceNorm.Defaults.eps)],
                "instance normalization of [N, C, …] as a function.") { a, _ in
            Convert.wrap(try Tensor.instanceNorm(try a.tensor("input", as: "the input of instanceNorm"), weight: try a.optionalTensor("weight"),
                                                 bias: try a.optionalTensor("bias"), eps: try a.number("eps")))
        }
        lib.add("LocalResponseNorm", ["size", .defaulted("alpha", engine: LocalResponseNorm.Defaults.alpha),
                                      .defaulted("beta", engine: LocalResponseNorm.Defaults.beta),
                                      .defaulted("k", engine: LocalResponseNorm.Defaults.k)],
                "divides by (k + alpha/size · Σ x² over size neighbouring channels)^beta, as AlexNet.") { a, _ in
            .object(ModuleValue(try LocalResponseNorm(try a.integer("size"), alpha: try a.number("alpha"), beta: try a.number("beta"),
                                                      k: try a.number("k"))))
        }
        lib.add("localResponseNorm", ["input", "size", .defaulted("alpha", engine: LocalResponseNorm.Defaults.alpha),
                                      .defaulted("beta", engine: LocalResponseNorm.Defaults.beta),
                                      .defaulted("k", engine: LocalResponseNorm.Defaults.k)],
                "local response normalization as a function.") { a, _ in
            Convert.wrap(try Tensor.localResponseNorm(try a.tensor("input", as: "the input of localResponseNorm"), size: try a.integer("size"),
                                                      alpha: try a.number("alpha"), beta: try a.number("beta"), k: try a.number("k")))
        }
        return lib
    }
}
