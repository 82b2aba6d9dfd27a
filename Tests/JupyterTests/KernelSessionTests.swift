import Foundation
import JSONFormat
import Jupyter
import Testing

/// End to end over loopback tcp: a kernel with a mock backend, and raw sockets as the frontend.
@Suite struct KernelSessionTests {
    @Test func welcomesSubscriberAndAnswersKernelInfoOnBothChannels() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)

        let welcome = try #require(try client.awaitWelcome())
        #expect(welcome.content["subscription"] == "")

        for channel in [Channel.shell, .control] {
            let request = try client.send("kernel_info_request", on: channel)
            let reply = try #require(try client.receive(on: channel))
            #expect(reply.type == "kernel_info_reply")
            #expect(reply.parentHeader?.messageID == request.header.messageID)
            #expect(reply.header.version == "5.3")
            #expect(reply.content["protocol_version"] == "5.3")
            #expect(reply.content["implementation"] == "mock")
            #expect(reply.content["language_info"]?["name"] == "mocklang")
            #expect(reply.content["language_info"]?["file_extension"] == ".mock")
            let states = try client.iopubMessages(for: request).map { $0.content["execution_state"] }
            #expect(states == ["busy", "idle"])
        }
    }

    @Test func executeStreamsOutputBetweenBusyAndIdle() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())

        let request = try client.send("execute_request", ["code": "print 3", "silent": false])
        let reply = try #require(try client.receive(on: .shell))
        #expect(reply.type == "execute_reply")
        #expect(reply.content["status"] == "ok")
        #expect(reply.content["execution_count"] == 1)

        let messages = try client.iopubMessages(for: request)
        let types = messages.map(\.type)
        #expect(types.first == "status" && messages.first?.content["execution_state"] == "busy")
        #expect(types.last == "status" && messages.last?.content["execution_state"] == "idle")
        #expect(types.dropFirst().first == "execute_input")
        #expect(messages[1].content["execution_count"] == 1)
        let text = messages.filter { $0.type == "stream" }.compactMap { $0.content["text"]?.stringValue }.joined()
        #expect(text == "line 0\nline 1\nline 2\n")
        let streamIndex = try #require(types.firstIndex(of: "stream"))
        let resultIndex = try #require(types.firstIndex(of: "execute_result"))
        #expect(streamIndex < resultIndex)
        #expect(messages[resultIndex].content["execution_count"] == 1)
        #expect(messages[resultIndex].content["data"]?["text/plain"] == "done")
    }

    @Test func executionCountAndSilentCells() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())

        func run(_ code: String, _ options: [String: JSON] = [:]) throws -> (reply: Message, outputs: [String]) {
            var content = options
            content["code"] = .string(code)
            let request = try client.send("execute_request", content)
            let reply = try #require(try client.receive(on: .shell))
            let outputs = try client.iopubMessages(for: request).map(\.type).filter { $0 != "status" }
            return (reply, outputs)
        }

        #expect(try run("print 1").reply.content["execution_count"] == 1)
        let silent = try run("print 1", ["silent": true])
        #expect(silent.reply.content["execution_count"] == 1)
        #expect(silent.outputs.isEmpty)
        #expect(try run("noop", ["store_history": false]).reply.content["execution_count"] == 1)
        #expect(try run("noop").reply.content["execution_count"] == 2)
        #expect(running.backend.executed.map(\.silent) == [false, true, false, false])
    }

    @Test func userExpressionsAreEvaluatedThroughTheBackend() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "noop", "user_expressions": ["a": "x", "b": "bad"]])
        let reply = try #require(try client.receive(on: .shell))
        let expressions = reply.content["user_expressions"]
        #expect(expressions?["a"]?["status"] == "ok")
        #expect(expressions?["a"]?["data"]?["text/plain"] == "X")
        #expect(expressions?["b"]?["status"] == "error")
        #expect(expressions?["b"]?["ename"] == "NameError")
    }

    @Test func errorsArePublishedAndAbortQueuedExecutes() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())

        // The failing cell runs long enough for the two requests behind it to be queued.
        let failing = try client.send("execute_request", ["code": "fail 100"])
        try client.send("execute_request", ["code": "print 1"])
        try client.send("execute_request", ["code": "print 1"])
        let statuses = try (0..<3).map { _ in try #require(try client.receive(on: .shell)).content["status"] }
        #expect(statuses == ["error", "aborted", "aborted"])
        let error = try client.iopubMessages(for: failing).first { $0.type == "error" }
        #expect(error?.content["ename"] == "ValueError")
        #expect(error?.content["evalue"] == "bad value")

        try client.send("execute_request", ["code": "print 1"])
        #expect(try client.receive(on: .shell)?.content["status"] == "ok")
        try client.send("execute_request", ["code": "fail", "stop_on_error": false])
        try client.send("execute_request", ["code": "print 1"])
        #expect(try client.receive(on: .shell)?.content["status"] == "error")
        #expect(try client.receive(on: .shell)?.content["status"] == "ok")
    }

    @Test func displayMessagesCarryTheDisplayID() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())
        let request = try client.send("execute_request", ["code": "display"])
        _ = try client.receive(on: .shell)
        let outputs = try client.iopubMessages(for: request).filter { $0.type != "status" && $0.type != "execute_input" }
        #expect(outputs.map(\.type) == ["display_data", "update_display_data", "clear_output"])
        #expect(outputs[0].content["transient"]?["display_id"] == "d1")
        #expect(outputs[1].content["data"]?["text/plain"] == "v2")
        #expect(outputs[2].content["wait"] == true)
    }
}
