import JSONFormat
extension KernelCore {
    /// `complete_request`.
    func complete(_ message: Message) -> [String: JSON] {
        let code = message.content["code"]?.stringValue ?? ""
        let cursor = message.content["cursor_pos"]?.intValue ?? code.unicodeScalars.count
        let completion = runningUserCode { backend.complete(code: code, cursorPosition: cursor) }
        return [
            "status": "ok", "matches": .array(completion.matches.map(JSON.string)),
            "cursor_start": .int(completion.cursorStart), "cursor_end": .int(completion.cursorEnd),
            "metadata": .object(completion.metadata),
        ]
    }

    /// `inspect_request`.
    func inspect(_ message: Message) -> [String: JSON] {
        let code = message.content["code"]?.stringValue ?? ""
        let cursor = message.content["cursor_pos"]?.intValue ?? code.unicodeScalars.count
        let detail = message.content["detail_level"]?.intValue ?? 0
        let inspection = runningUserCode { backend.inspect(code: code, cursorPosition: cursor, detailLevel: detail) }
        var reply = CellContext.bundle(inspection.display)
        reply["status"] = "ok"
        reply["found"] = .bool(inspection.found)
        return reply
    }

    /// `is_complete_request`.
    func isComplete(_ message: Message) -> [String: JSON] {
        switch backend.isComplete(code: message.content["code"]?.stringValue ?? "") {
        case .complete: return ["status": "complete"]
        case .incomplete(let indent): return ["status": "incomplete", "indent": .string(indent)]
        case .invalid: return ["status": "invalid"]
        case .unknown: return ["status": "unknown"]
        }
    }

    /// `history_request`: `tail`, `range` or `search`, with or without outputs.
    func historyReply(_ message: Message) -> [String: JSON] {
        let content = message.content
        let entries: [History.Entry]
        switch content["hist_access_type"]?.stringValue ?? "tail" {
        case "range":
            entries = history.range(
                session: content["session"]?.intValue ?? 0, start: content["start"]?.intValue ?? 1,
                stop: content["stop"]?.intValue)
        case "search":
            entries = history.search(
                pattern: content["pattern"]?.stringValue ?? "*", limit: content["n"]?.intValue,
                unique: content["unique"]?.boolValue ?? false)
        default:
            entries = history.tail(content["n"]?.intValue ?? 10)
        }
        let withOutput = content["output"]?.boolValue ?? false
        let rows: [JSON] = entries.map { entry in
            let input: JSON = .string(entry.input)
            let cell: JSON = withOutput ? .array([input, entry.output.map(JSON.string) ?? .null]) : input
            return .array([.int(entry.session), .int(entry.line), cell])
        }
        return ["status": "ok", "history": .array(rows)]
    }
}
