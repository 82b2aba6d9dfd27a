/// Every library of builtins the runtime installs, in order (later ones may refine earlier names).
extension Library {
    static let all: [() -> Library] = [
        tensors,
        neuralNetworks,
        plots,
        conv,
        data,
        training,
        sequences,
        time,
        textFiles,
    ]
}
