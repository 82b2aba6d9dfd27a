@testable import Jupyter
import Testing

@Suite struct StreamBufferTests {
    final class Sink {
        var sent: [(StreamName, String)] = []
    }

    func makeBuffer(limit: Int? = nil) -> (StreamBuffer, Sink) {
        let sink = Sink()
        let buffer = StreamBuffer(limit: limit) { name, text, _ in sink.sent.append((name, text)) }
        buffer.begin(parent: MessageHeader(session: "s", messageType: "execute_request"), silent: false)
        return (buffer, sink)
    }

    @Test func batchesUntilFlushedAndKeepsOrder() {
        let (buffer, sink) = makeBuffer()
        buffer.write("a", to: .stdout)
        buffer.write("b", to: .stdout)
        buffer.write("!", to: .stderr)
        buffer.write("c", to: .stdout)
        #expect(sink.sent.isEmpty)
        buffer.flush()
        #expect(sink.sent.map(\.0) == [.stdout, .stderr, .stdout])
        #expect(sink.sent.map(\.1) == ["ab", "!", "c"])
        buffer.flush()
        #expect(sink.sent.count == 3)
    }

    @Test func endSendsTheRest() {
        let (buffer, sink) = makeBuffer()
        buffer.write("tail", to: .stdout)
        buffer.end()
        #expect(sink.sent.map(\.1) == ["tail"])
    }

    @Test func truncatesAfterTheLimitWithANote() {
        let (buffer, sink) = makeBuffer(limit: 10)
        buffer.write("12345678", to: .stdout)
        buffer.write("éééé", to: .stdout)
        buffer.write("more", to: .stdout)
        buffer.end()
        #expect(sink.sent[0].1 == "12345678é")
        #expect(sink.sent[1].0 == .stderr)
        #expect(sink.sent[1].1.contains("output truncated"))
        #expect(sink.sent.count == 2)

        buffer.begin(parent: MessageHeader(session: "s", messageType: "execute_request"), silent: false)
        buffer.write("next cell", to: .stdout)
        buffer.end()
        #expect(sink.sent.last?.1 == "next cell")
    }

    @Test func silentCellsWriteNothing() {
        let sink = Sink()
        let buffer = StreamBuffer(limit: nil) { name, text, _ in sink.sent.append((name, text)) }
        buffer.begin(parent: MessageHeader(session: "s", messageType: "execute_request"), silent: true)
        buffer.write("hidden", to: .stdout)
        buffer.end()
        #expect(sink.sent.isEmpty)
    }

    @Test func flusherFlushesWhileACellRuns() async throws {
        let (buffer, sink) = makeBuffer()
        let flusher = Flusher(interval: 0.01) { buffer.flush() }
        flusher.start()
        flusher.resume()
        buffer.write("early", to: .stdout)
        for _ in 0..<200 where sink.sent.isEmpty { try await Task.sleep(nanoseconds: 5_000_000) }
        flusher.stop()
        #expect(sink.sent.map(\.1) == ["early"])
    }
}
