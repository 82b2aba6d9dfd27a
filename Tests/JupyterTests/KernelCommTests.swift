import Foundation
import JSONFormat
import Jupyter
import Testing

/// Comms the backend opens: listed by `comm_info_request`, their messages routed to the backend with
/// the outputs it makes parented to them, closed by the frontend.
@Suite struct KernelCommTests {
    @Test func aBackendCommIsOpenedListedAnsweredAndClosed() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())

        let cell = try client.send("execute_request", ["code": "comm", "silent": false])
        let opened = try #require(try client.iopubMessages(for: cell).first { $0.type == "comm_open" })
        #expect(opened.content["comm_id"] == "c1")
        #expect(opened.content["target_name"] == "mock.target")
        #expect(opened.content["data"] == ["x": 1])
        #expect(opened.metadata["version"] == "1")
        _ = try client.receive(on: .shell)

        try client.send("comm_info_request")
        #expect(try client.receive(on: .shell)?.content["comms"] == ["c1": ["target_name": "mock.target"]])
        try client.send("comm_info_request", ["target_name": "other"])
        #expect(try client.receive(on: .shell)?.content["comms"] == [:])

        let message = try client.send("comm_msg", ["comm_id": "c1", "data": ["value": 5]])
        let outputs = try client.iopubMessages(for: message)
        #expect(outputs.first?.type == "status")
        let stream = try #require(outputs.first { $0.type == "stream" })
        #expect(stream.content["text"] == "got {\"value\":5}\n")
        let echo = try #require(outputs.first { $0.type == "comm_msg" })
        #expect(echo.content["data"] == ["echo": ["value": 5]])
        #expect(outputs.last?.content["execution_state"] == "idle")

        let close = try client.send("comm_close", ["comm_id": "c1", "data": [:]])
        _ = try client.iopubMessages(for: close)
        try client.send("comm_info_request")
        #expect(try client.receive(on: .shell)?.content["comms"] == [:])
        #expect(running.backend.receivedComms.map(\.kind) == [.message, .close])
        #expect(running.backend.receivedComms.first?.targetName == "mock.target")

        // A message on a comm that is closed, or was never opened, reaches no backend.
        let stray = try client.send("comm_msg", ["comm_id": "c1", "data": [:]])
        #expect(try client.iopubMessages(for: stray).allSatisfy { $0.type == "status" })
        #expect(running.backend.receivedComms.count == 2)
    }
}
