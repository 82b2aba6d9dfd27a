// TEMPORARY: timings, removed before hand-off.
import Foundation
import Jupyter
import Testing

@Test func PerfHarness() throws {
    guard ProcessInfo.processInfo.environment["JUPYTER_PERF"] != nil else { return }
    let t0 = Date()
    let running = try RunningKernel()
    defer { running.stop() }
    let client = try TestClient(connection: running.kernel.connection)
    try client.send("kernel_info_request")
    _ = try client.receive(on: .shell)
    print("start -> first kernel_info_reply: \(Int(Date().timeIntervalSince(t0) * 1000)) ms")
    _ = try client.awaitWelcome()
    var times: [Double] = []
    for _ in 0..<500 {
        let s = Date()
        let r = try client.send("execute_request", ["code": "noop"])
        _ = try client.receive(on: .shell)
        _ = try client.iopubMessages(for: r)
        times.append(Date().timeIntervalSince(s))
    }
    times.sort()
    print("execute round trip (reply + idle) median: \(String(format: "%.3f", times[times.count / 2] * 1000)) ms, p90 \(String(format: "%.3f", times[times.count * 9 / 10] * 1000)) ms")
    for n in [10000, 10000] {
        let s = Date()
        let r = try client.send("execute_request", ["code": .string("print \(n)")])
        _ = try client.receive(on: .shell)
        let msgs = try client.iopubMessages(for: r)
        print("\(n) lines: \(String(format: "%.1f", Date().timeIntervalSince(s) * 1000)) ms, \(msgs.filter { $0.type == "stream" }.count) stream messages")
    }
}

@Test func PerfPieces() throws {
    guard ProcessInfo.processInfo.environment["JUPYTER_PERF"] != nil else { return }
    var s = Date()
    var lines: [String] = []
    for i in 0..<10000 { lines.append("line \(i)\n") }
    print("interpolate 10k: \(Date().timeIntervalSince(s) * 1000) ms")
    var total = 0
    let buffer = StreamBufferProbe.make { total += $0.utf8.count }
    s = Date()
    for line in lines { buffer.write(line) }
    buffer.finish()
    print("buffer 10k writes: \(Date().timeIntervalSince(s) * 1000) ms, \(total) bytes")
    let text = lines.joined()
    let codec = WireCodec(signer: try Signer(scheme: "hmac-sha256", key: "k"))
    let message = Message(header: MessageHeader(session: "s", messageType: "stream"), content: ["name": "stdout", "text": .string(text)])
    s = Date()
    let frames = codec.encode(message)
    print("encode: \(Date().timeIntervalSince(s) * 1000) ms")
    s = Date()
    _ = try codec.decode(frames)
    print("decode: \(Date().timeIntervalSince(s) * 1000) ms")
}
