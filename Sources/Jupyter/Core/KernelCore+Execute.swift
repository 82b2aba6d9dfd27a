import JSONFormat
extension KernelCore {
    /// `execute_request`: runs the cell through the backend, streaming its output, then replies.
    func execute(_ message: Message) -> [String: JSON] {
        let content = message.content
        let code = content["code"]?.stringValue ?? ""  // validated: a string
        let silent = content["silent"]?.boolValue ?? false
        let storeHistory = !silent && (content["store_history"]?.boolValue ?? true)
        let stopOnError = content["stop_on_error"]?.boolValue ?? true

        if isAborting {
            return ["status": "aborted", "execution_count": .int(executionCount)]
        }
        if storeHistory {
            executionCount += 1
            history.append(input: code, line: executionCount)
        }
        let count = executionCount
        if !silent {
            publisher.publish(factory.broadcast(
                "execute_input", content: ["code": .string(code), "execution_count": .int(count)], parent: message.header))
        }

        let request = ExecuteRequest(
            code: code, silent: silent, storeHistory: storeHistory,
            allowStdin: content["allow_stdin"]?.boolValue ?? true, executionCount: count)
        let context = CellContext(
            request: message, executionCount: count, silent: silent, allowStdin: request.allowStdin, factory: factory,
            publisher: publisher, streams: streams, input: input, comms: comms
        ) { [history] result in
            if storeHistory, let text = result.plainText { history.recordOutput(text, line: count) }
        }

        streams.begin(parent: message.header, silent: silent)
        onCellStart()
        // User expressions are user code too: an endless one must yield to an interrupt or a shutdown.
        let (outcome, expressions) = runningUserCode { () -> (ExecutionOutcome, [String: JSON]) in
            let outcome = backend.execute(request, context: context)
            guard outcome == .ok, let requested = content["user_expressions"]?.objectValue else { return (outcome, [:]) }
            return (outcome, evaluate(requested))
        }
        onCellEnd()
        streams.end()

        switch outcome {
        case .ok:
            return ["status": "ok", "execution_count": .int(count), "user_expressions": .object(expressions), "payload": context.payload]
        case .error(let error):
            if !silent {
                publisher.publish(factory.broadcast("error", content: error.content, parent: message.header))
            }
            // As ipykernel: a failed silent cell aborts nothing.
            if stopOnError && !silent { isAborting = true }
            var reply = error.content
            reply["status"] = "error"
            reply["execution_count"] = .int(count)
            reply["user_expressions"] = [:]
            reply["payload"] = []
            return reply
        }
    }

    /// The `user_expressions` of a reply: each name → a MIME bundle or an error.
    private func evaluate(_ expressions: [String: JSON]) -> [String: JSON] {
        var results: [String: JSON] = [:]
        for (name, expression) in expressions {
            if lifecycle.isStopping { break }
            switch backend.evaluate(expression: expression.stringValue ?? "") {
            case .success(let display):
                var result = CellContext.bundle(display)
                result["status"] = "ok"
                results[name] = .object(result)
            case .failure(let error):
                var result = error.content
                result["status"] = "error"
                results[name] = .object(result)
            }
        }
        return results
    }
}
