import Foundation
import Jupyter
import Testing

#if canImport(Glibc)
import Glibc
import JSONFormat
#endif

/// Transports, connection files, stream timing and the SIGINT path.
@Suite struct KernelTransportTests {
    @Test func servesOverIPCFromAConnectionFile() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-\(UUID().uuidString.prefix(8))").path
        let file = base + ".json"
        let written = ConnectionInfo(transport: .ipc, ip: base, key: "k", signatureScheme: "hmac-sha512")
        try Data(written.json.serializedBytes()).write(to: URL(fileURLWithPath: file))
        defer {
            try? FileManager.default.removeItem(atPath: file)
            for port in 1...5 { try? FileManager.default.removeItem(atPath: "\(base)-\(port)") }
        }

        var configuration = KernelConfiguration()
        configuration.handlesInterruptSignal = false
        configuration.log = { _ in }
        let kernel = try Kernel(connectionFile: file, backend: MockBackend(), configuration: configuration)
        #expect(Set(Channel.allCases.map { kernel.connection.port($0) }) == [1, 2, 3, 4, 5])
        #expect(kernel.connection.endpoint(.shell) == "ipc://\(base)-1")
        let done = DispatchSemaphore(value: 0)
        Thread { kernel.run(); done.signal() }.start()

        let client = try TestClient(connection: kernel.connection)
        try client.send("kernel_info_request")
        #expect(try client.receive(on: .shell)?.type == "kernel_info_reply")
        kernel.stop()
        #expect(done.wait(timeout: .now() + 3) == .success)
    }

    @Test func connectionFileFieldsAreRead() throws {
        let info = try ConnectionInfo(json: JSON.parse(#"""
            {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
             "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "soma"}
            """#))
        #expect(info.endpoint(.heartbeat) == "tcp://127.0.0.1:5005")
        #expect(info.endpoint(.iopub) == "tcp://127.0.0.1:5002")
        #expect(info.key == "abc")
        #expect(info.kernelName == "soma")
        #expect(try ConnectionInfo(json: info.json) == info)
        #expect(throws: ConnectionError.self) { try ConnectionInfo(json: ["transport": "udp"]) }
    }

    @Test func streamsFlushWhileTheCellRuns() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())

        let request = try client.send("execute_request", ["code": "progress"])
        #expect(running.backend.started.wait(timeout: .now() + 3) == .success)
        var stream: Message?
        while stream == nil, let message = try client.receive(on: .iopub, timeout: 2) {
            if message.type == "stream" { stream = message }
        }
        #expect(stream?.content["text"] == "tick\n")
        #expect(stream?.parentHeader?.messageID == request.header.messageID)
        #expect(try client.receive(on: .shell, timeout: 0) == nil)
        running.kernel.interrupt()
        #expect(try client.receive(on: .shell)?.content["status"] == "error")
    }

    /// The only test that installs the SIGINT handler; the signal is raised only while it is installed.
    @Test func sigintInterruptsTheRunningCell() throws {
        let running = try RunningKernel { $0.handlesInterruptSignal = true }
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        try client.send("kernel_info_request")
        _ = try #require(try client.receive(on: .shell))

        try client.send("execute_request", ["code": "wait"])
        #expect(running.backend.started.wait(timeout: .now() + 3) == .success)
        kill(getpid(), SIGINT)
        let reply = try #require(try client.receive(on: .shell))
        #expect(reply.content["ename"] == "Interrupted")
        #expect(running.backend.interruptCount == 1)
    }
}
