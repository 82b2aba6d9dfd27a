import Foundation
import Jupyter
import Testing

/// What happens on the control, stdin and heartbeat channels while (or instead of) a cell runs.
@Suite struct KernelControlTests {
    @Test func interruptOnControlReachesTheRunningCell() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)

        try client.send("execute_request", ["code": "wait"])
        #expect(running.backend.started.wait(timeout: .now() + 3) == .success)
        try client.send("interrupt_request", on: .control)
        let interruptReply = try #require(try client.receive(on: .control))
        #expect(interruptReply.type == "interrupt_reply")
        #expect(interruptReply.content["status"] == "ok")

        let reply = try #require(try client.receive(on: .shell))
        #expect(reply.content["status"] == "error")
        #expect(reply.content["ename"] == "Interrupted")
        #expect(running.backend.interruptCount == 1)
    }

    @Test func heartbeatEchoesWhileACellRuns() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "wait"])
        #expect(running.backend.started.wait(timeout: .now() + 3) == .success)

        try client.heartbeat.send([Array("ping".utf8)])
        #expect(try client.heartbeat.receive(timeout: 3) == [Array("ping".utf8)])
        running.kernel.interrupt()
        #expect(try client.receive(on: .shell)?.content["ename"] == "Interrupted")
    }

    @Test func inputRequestGoesToTheShellClientAndWaitsForTheReply() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())

        let request = try client.send("execute_request", ["code": "input", "allow_stdin": true])
        let ask = try #require(try client.receive(on: .stdin))
        #expect(ask.type == "input_request")
        #expect(ask.content["prompt"] == "name? ")
        #expect(ask.content["password"] == false)
        #expect(ask.parentHeader?.messageID == request.header.messageID)
        try client.send("input_reply", ["value": "Ada"], on: .stdin, parent: ask.header)

        #expect(try client.receive(on: .shell)?.content["status"] == "ok")
        let text = try client.iopubMessages(for: request).filter { $0.type == "stream" }.compactMap { $0.content["text"]?.stringValue }
        #expect(text.joined() == "hello Ada\n")

        try client.send("execute_request", ["code": "input", "allow_stdin": false])
        let refused = try #require(try client.receive(on: .shell))
        #expect(refused.content["status"] == "error")
        #expect(refused.content["evalue"]?.stringValue?.contains("StdinNotImplementedError") == true)
    }

    @Test func shutdownOnControlEndsTheServeLoop() throws {
        let running = try RunningKernel()
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("shutdown_request", ["restart": true], on: .control)
        let reply = try #require(try client.receive(on: .control))
        #expect(reply.type == "shutdown_reply")
        #expect(reply.content["restart"] == true)
        #expect(running.waitForExit() == .shutdown(restart: true))
        #expect(running.backend.shutdownCalls == [true])
    }

    @Test func shutdownOnShellEndsTheServeLoop() throws {
        let running = try RunningKernel()
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("shutdown_request", ["restart": false])
        #expect(try client.receive(on: .shell)?.type == "shutdown_reply")
        #expect(running.waitForExit() == .shutdown(restart: false))
    }

    @Test func shutdownInterruptsARunningCell() throws {
        let running = try RunningKernel()
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("execute_request", ["code": "wait"])
        #expect(running.backend.started.wait(timeout: .now() + 3) == .success)
        try client.send("shutdown_request", on: .control)
        #expect(try client.receive(on: .control)?.type == "shutdown_reply")
        #expect(running.waitForExit() == .shutdown(restart: false))
    }

    @Test func stopEndsTheServeLoop() throws {
        let running = try RunningKernel()
        running.kernel.stop()
        #expect(running.waitForExit() == .stopped)
    }
}
