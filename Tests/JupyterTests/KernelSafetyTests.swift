import Foundation
import JSONFormat
import Jupyter
import Testing

/// User code anywhere the protocol runs it yields to an interrupt, a shutdown always ends the kernel,
/// and `stop_on_error` aborts exactly the requests queued behind a failed cell.
@Suite struct KernelSafetyTests {
    @Test func anEndlessUserExpressionIsInterrupted() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "ok", "user_expressions": ["x": "wait"]])
        #expect(running.backend.started.wait(timeout: .now() + 3) == .success)
        try client.send("interrupt_request", on: .control)
        _ = try client.receive(on: .control)
        let reply = try #require(try client.receive(on: .shell))
        #expect(reply.content["status"] == "ok")
        #expect(reply.content["user_expressions"]?["x"]?["ename"] == "Interrupted")
        #expect(running.backend.interruptCount == 1)
    }

    @Test func shutdownDuringAnEndlessUserExpressionEndsTheKernel() throws {
        let running = try RunningKernel()
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "ok", "user_expressions": ["x": "wait", "y": "wait"]])
        #expect(running.backend.started.wait(timeout: .now() + 3) == .success)
        try client.send("shutdown_request", on: .control)
        #expect(try client.receive(on: .control)?.type == "shutdown_reply")
        #expect(running.waitForExit() == .shutdown(restart: false))
        #expect(running.hardExits.value == 0)
    }

    @Test func shutdownWhileCodeIgnoresInterruptsEndsTheProcessAfterTheGracePeriod() throws {
        let running = try RunningKernel { $0.shutdownGracePeriod = 0.3 }
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "hang"])
        #expect(running.backend.started.wait(timeout: .now() + 3) == .success)
        try client.send("shutdown_request", on: .control)
        #expect(try client.receive(on: .control)?.type == "shutdown_reply")
        for _ in 0..<100 where running.hardExits.value == 0 { Thread.sleep(forTimeInterval: 0.02) }
        #expect(running.hardExits.value == 1)
        running.backend.release()
        #expect(running.waitForExit() == .shutdown(restart: false))
    }

    @Test func requestsQueuedBehindAFailedCellAreAbortedAndLaterOnesRun() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "fail 50"])
        try client.send("execute_request", ["code": "print 1"])
        try client.send("kernel_info_request")
        try client.send("execute_request", ["code": "print 2"])
        let replies = try (0..<4).map { _ in try #require(try client.receive(on: .shell)) }
        #expect(replies.map { $0.content["status"] } == ["error", "aborted", "ok", "aborted"])
        #expect(running.backend.executed.map(\.code) == ["fail 50"])

        // Sent after the client saw the error: runs.
        try client.send("execute_request", ["code": "print 3"])
        #expect(try client.receive(on: .shell)?.content["status"] == "ok")
    }

    @Test func aCellArrivingJustAfterTheErrorIsStillAborted() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "fail"])
        Thread.sleep(forTimeInterval: 0.01)
        try client.send("execute_request", ["code": "print 1"])
        #expect(try client.receive(on: .shell)?.content["status"] == "error")
        #expect(try client.receive(on: .shell)?.content["status"] == "aborted")
        #expect(running.backend.executed.map(\.code) == ["fail"])
    }

    @Test func noAbortAfterASilentErrorOrWithoutStopOnError() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "fail 30", "silent": true])
        try client.send("execute_request", ["code": "print 1"])
        try client.send("execute_request", ["code": "fail 30", "stop_on_error": false])
        try client.send("execute_request", ["code": "print 2"])
        let statuses = try (0..<4).map { _ in try #require(try client.receive(on: .shell)).content["status"] }
        #expect(statuses == ["error", "ok", "error", "ok"])
    }

    @Test func illTypedRequestsAreAnsweredWithTheFieldNamed() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        let cases: [(String, [String: JSON], String)] = [
            ("execute_request", ["code": 5], "'code'"),
            ("execute_request", [:], "'code'"),
            ("execute_request", ["code": "ok", "silent": "no"], "'silent'"),
            ("execute_request", ["code": "ok", "store_history": 1], "'store_history'"),
            ("execute_request", ["code": "ok", "user_expressions": ["a": 1]], "'user_expressions'"),
            ("execute_request", ["code": "ok", "allow_stdin": "yes"], "'allow_stdin'"),
            ("execute_request", ["code": "ok", "stop_on_error": [:]], "'stop_on_error'"),
            ("complete_request", ["code": "al", "cursor_pos": "2"], "'cursor_pos'"),
            ("inspect_request", ["code": "alpha", "cursor_pos": 1, "detail_level": "high"], "'detail_level'"),
            ("is_complete_request", ["code": false], "'code'"),
            ("history_request", ["hist_access_type": "everything"], "'hist_access_type'"),
            ("history_request", ["hist_access_type": "tail", "n": "ten"], "'n'"),
            ("shutdown_request", ["restart": "please"], "'restart'"),
        ]
        for (type, content, field) in cases {
            try client.send(type, content)
            let reply = try #require(try client.receive(on: .shell))
            #expect(reply.content["status"] == "error", "\(type) \(content)")
            #expect(reply.content["evalue"]?.stringValue?.contains(field) == true, "\(type) \(content)")
        }
        #expect(running.backend.executed.isEmpty)
        // A null is the default, not an error.
        try client.send("execute_request", ["code": "ok", "silent": .null])
        #expect(try client.receive(on: .shell)?.content["status"] == "ok")
    }

    @Test func anInputReplyThatAnswersNoRequestIsIgnored() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())
        try client.send("execute_request", ["code": "input", "allow_stdin": true])
        let ask = try #require(try client.receive(on: .stdin))

        // A parent without msg_type, another request as parent, a wrong type, a value that is no string.
        let noType: [[UInt8]] = [
            Array(client.factory.header("input_reply").json.serializedBytes()),
            Array(#"{"msg_id":"\#(ask.header.messageID)"}"#.utf8), Array("{}".utf8), Array(#"{"value":"typeless"}"#.utf8),
        ]
        try client.stdin.send([WireCodec.delimiter, client.codec.signer.signature(of: noType)] + noType)
        try client.send("input_reply", ["value": "other"], on: .stdin, parent: client.factory.header("input_request"))
        try client.send("execute_request", ["value": "wrong type"], on: .stdin, parent: ask.header)
        try client.send("input_reply", ["value": 7], on: .stdin, parent: ask.header)
        #expect(try client.receive(on: .shell, timeout: 0.3) == nil)

        try client.send("input_reply", ["value": "Ada"], on: .stdin, parent: ask.header)
        #expect(try client.receive(on: .shell)?.content["status"] == "ok")

        // Without a parent header (as jupyter_client's input() sends it) a reply still answers.
        try client.send("execute_request", ["code": "input", "allow_stdin": true])
        _ = try #require(try client.receive(on: .stdin))
        try client.send("input_reply", ["value": "Bob"], on: .stdin)
        #expect(try client.receive(on: .shell)?.content["status"] == "ok")
    }
}
