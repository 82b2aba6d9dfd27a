import JSONFormat
extension KernelCore {
    /// `comm_info_request`: this kernel has no comms.
    func commInfo(_ message: Message) -> [String: JSON] {
        ["status": "ok", "comms": [:]]
    }

    /// `comm_open`: no target is registered, so the comm is closed again at once.
    func commOpen(_ message: Message) -> [String: JSON]? {
        let id = message.content["comm_id"] ?? ""
        log("no comm target '\(message.content["target_name"]?.stringValue ?? "")'; closing comm \(id.stringValue ?? "")")
        publisher.publish(factory.broadcast("comm_close", content: ["comm_id": id, "data": [:]], parent: message.header))
        return nil
    }
}
