import Foundation
import Jupyter
import Testing

/// The kernel drops what it cannot trust or read, and keeps serving.
@Suite struct KernelRobustnessTests {
    @Test func badSignatureIsIgnoredAndTheNextRequestAnswered() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)

        let forged = Message(header: client.factory.header("kernel_info_request"))
        var frames = client.codec.encode(forged)
        frames[1] = Array(String(repeating: "0", count: 64).utf8)
        try client.shell.send(frames)

        var tampered = client.codec.encode(Message(header: client.factory.header("kernel_info_request")))
        tampered[4] = Array(#"{"evil":true}"#.utf8)
        try client.shell.send(tampered)

        var unsigned = client.codec.encode(Message(header: client.factory.header("kernel_info_request")))
        unsigned.remove(at: 1)
        try client.shell.send(unsigned)

        let good = try client.send("kernel_info_request")
        let reply = try #require(try client.receive(on: .shell))
        #expect(reply.parentHeader?.messageID == good.header.messageID)
        #expect(try client.receive(on: .shell, timeout: 0.2) == nil)
    }

    @Test func malformedFramesDoNotStopTheKernel() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        let signer = client.codec.signer

        try client.shell.send([Array("no delimiter here".utf8)])
        try client.shell.send([WireCodec.delimiter, []])
        let badJSON: [[UInt8]] = [Array("{not json".utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
        try client.shell.send([WireCodec.delimiter, signer.signature(of: badJSON)] + badJSON)
        let noType: [[UInt8]] = [Array(#"{"msg_id":"x"}"#.utf8), Array("{}".utf8), Array("[]".utf8), Array("{}".utf8)]
        try client.shell.send([WireCodec.delimiter, signer.signature(of: noType)] + noType)
        try client.send("no_such_request")

        let good = try client.send("kernel_info_request")
        let reply = try #require(try client.receive(on: .shell))
        #expect(reply.parentHeader?.messageID == good.header.messageID)
    }

    @Test func commsAreAnsweredWithoutTargets() throws {
        let running = try RunningKernel()
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        _ = try #require(try client.awaitWelcome())

        try client.send("comm_info_request")
        let info = try #require(try client.receive(on: .shell))
        #expect(info.content["comms"] == [:])

        let open = try client.send("comm_open", ["comm_id": "c1", "target_name": "widgets", "data": [:]])
        let closing = try client.iopubMessages(for: open).first { $0.type == "comm_close" }
        #expect(closing?.content["comm_id"] == "c1")
        try client.send("comm_msg", ["comm_id": "c1", "data": [:]])
        try client.send("comm_close", ["comm_id": "c1", "data": [:]])

        try client.send("kernel_info_request")
        #expect(try client.receive(on: .shell)?.type == "kernel_info_reply")
    }

    @Test func unsignedKernelAcceptsUnsignedMessages() throws {
        let running = try RunningKernel(key: "")
        defer { running.stop() }
        let client = try TestClient(connection: running.kernel.connection)
        let request = try client.send("kernel_info_request")
        let reply = try #require(try client.receive(on: .shell))
        #expect(reply.parentHeader?.messageID == request.header.messageID)
    }
}
