/// Every library of builtins the runtime installs, in order (later ones may refine earlier names).
extension Library {
    static let all: [@Sendable () -> Library] = [
        dtypes,
        tensors,
        likeFactories,
        autograd,
        tensorOperations,
        neuralNetworks,
        plots,
        graphs,
        inferenceLabs,
        conv,
        normalizations,
        data,
        training,
        sequences,
        metrics,
        textFiles,
        files,
        linearAlgebra,
        distributed,
    ]
}
