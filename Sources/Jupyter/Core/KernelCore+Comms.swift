import JSONFormat
extension KernelCore {
    /// `comm_info_request`: the comms the backend opened, each with its target, only those of
    /// `target_name` when the request names one.
    func commInfo(_ message: Message) -> [String: JSON] {
        let wanted = message.content["target_name"]?.stringValue
        var listed: [String: JSON] = [:]
        for (id, target) in comms.targets where wanted == nil || wanted == target {
            listed[id] = ["target_name": .string(target)]
        }
        return ["status": "ok", "comms": .object(listed)]
    }

    /// `comm_open` from the frontend: the backend registers no targets, so the comm is closed again at
    /// once (a widget manager then falls back to asking for the comms the kernel opened).
    func commOpen(_ message: Message) -> [String: JSON]? {
        let id = message.content["comm_id"] ?? ""
        log("no comm target '\(message.content["target_name"]?.stringValue ?? "")'; closing comm \(id.stringValue ?? "")")
        publisher.publish(factory.broadcast("comm_close", content: ["comm_id": id, "data": [:]], parent: message.header))
        return nil
    }

    /// `comm_msg` and `comm_close`: handed to the backend when the comm is one it opened, with a context
    /// whose outputs have this message as parent. The shell thread handles it between cells, so a
    /// slider moved while a long cell runs is handled after that cell.
    func commMessage(_ message: Message, kind: CommMessage.Kind) -> [String: JSON]? {
        guard let id = message.content["comm_id"]?.stringValue,
              let target = kind == .close ? comms.closed(id) : comms.targets[id] else {
            log("\(message.type) for a comm that is not open: \(message.content["comm_id"]?.stringValue ?? "no comm_id")")
            return nil
        }
        let comm = CommMessage(kind: kind, commID: id, targetName: target,
                               data: message.content["data"]?.objectValue ?? [:], metadata: message.metadata,
                               buffers: message.buffers)
        let context = CellContext(
            request: message, executionCount: executionCount, silent: false, allowStdin: false, factory: factory,
            publisher: publisher, streams: streams, input: input, comms: comms) { _ in }
        streams.begin(parent: message.header, silent: false)
        onCellStart()
        runningUserCode { backend.handleComm(comm, context: context) }
        onCellEnd()
        streams.end()
        return nil
    }
}
