/// Every library of builtins the runtime installs, in order (later ones may refine earlier names).
extension Library {
    static let all: [() -> Library] = [
        tensors,
        neuralNetworks,
        plots,
        graphs,
        conv,
        data,
        training,
        sequences,
        metrics,
        textFiles,
    ]
}
