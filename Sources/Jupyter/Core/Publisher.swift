/// Where iopub messages go. Implementations must accept calls from any thread and keep their order.
protocol Publisher: AnyObject {
    func publish(_ message: Message)
}

extension Publisher {
    /// Publishes `status` with `execution_state` (`busy`, `idle`, `starting`) caused by `parent`.
    func publishStatus(_ state: String, parent: MessageHeader?, factory: MessageFactory) {
        publish(factory.broadcast("status", content: ["execution_state": .string(state)], parent: parent))
    }
}
