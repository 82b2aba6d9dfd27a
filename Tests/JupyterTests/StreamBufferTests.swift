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

    @Test func keepsTheHeadAndTheTailOfTooMuchOutputWithAMarker() {
        let (buffer, sink) = makeBuffer(limit: 100)
        for index in 0..<1000 { buffer.write("line \(index)\n", to: .stdout) }
        buffer.flush()
        let head = sink.sent.map(\.1).joined()
        #expect(head.hasPrefix("line 0\nline 1\n"))
        #expect(head.utf8.count <= 50 && head.hasSuffix("\n"))
        buffer.end()
        let text = sink.sent.map(\.1).joined()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.last == "line 999")
        let marker = try! #require(lines.first { $0.contains("omitted") })
        let shown = lines.filter { $0.hasPrefix("line ") }.count
        #expect(marker.hasPrefix("… \(1000 - shown) lines omitted"))
        // Whole lines only, in order, and about the limit in all.
        let numbers = lines.filter { $0.hasPrefix("line ") }.map { Int($0.dropFirst(5))! }
        #expect(numbers == numbers.sorted() && numbers.count == Set(numbers).count)
        #expect(text.utf8.count < 100 + marker.utf8.count + 2)

        buffer.begin(parent: MessageHeader(session: "s", messageType: "execute_request"), silent: false)
        buffer.write("next cell", to: .stdout)
        buffer.end()
        #expect(sink.sent.last?.1 == "next cell")
    }

    @Test func outputJustOverTheHeadIsAllShown() {
        let (buffer, sink) = makeBuffer(limit: 100)
        for index in 0..<12 { buffer.write("line \(index)\n", to: index % 3 == 0 ? .stderr : .stdout) }
        buffer.end()
        let text = sink.sent.map(\.1).joined()
        #expect(!text.contains("omitted"))
        #expect(text.split(separator: "\n").count == 12)
    }

    @Test func oneHugeWriteKeepsItsStartAndItsEnd() {
        let (buffer, sink) = makeBuffer(limit: 40)
        buffer.write((0..<100).map { "é\($0)" }.joined(separator: "\n") + "\n", to: .stdout)
        buffer.end()
        let lines = sink.sent.map(\.1).joined().split(separator: "\n").map(String.init)
        #expect(lines.first == "é0")
        #expect(lines.last == "é99")
        #expect(lines.contains { $0.contains("lines omitted") })
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

    /// With a tail display, the lines past the head are shown while the cell runs, in one display
    /// updated in place, and never as stream text.
    @Test func theTailIsOneDisplayUpdatedInPlaceWhileTheCellRuns() {
        let sink = Sink()
        var shown: [(text: String, update: Bool)] = []
        let buffer = StreamBuffer(limit: 100, tailInterval: 0, showTail: { text, _, update in shown.append((text, update)) }) {
            name, text, _ in sink.sent.append((name, text))
        }
        buffer.begin(parent: MessageHeader(session: "s", messageType: "execute_request"), silent: false)
        for index in 0..<500 { buffer.write("line \(index)\n", to: .stdout) }
        buffer.flush()
        #expect(shown.count == 1 && shown[0].update == false)
        #expect(shown[0].text.hasSuffix("line 499\n") && shown[0].text.contains("omitted"))
        buffer.flush()
        #expect(shown.count == 1)  // nothing new, no redraw
        for index in 500..<1000 { buffer.write("line \(index)\n", to: .stdout) }
        buffer.end()
        #expect(shown.count == 2 && shown[1].update)
        #expect(shown[1].text.hasPrefix("… ") && shown[1].text.hasSuffix("line 999\n"))
        let streamed = sink.sent.map(\.1).joined()
        #expect(streamed.hasPrefix("line 0\n") && !streamed.contains("omitted") && streamed.utf8.count <= 50)

        buffer.begin(parent: MessageHeader(session: "s", messageType: "execute_request"), silent: false)
        buffer.write("next cell\n", to: .stdout)
        buffer.end()
        #expect(shown.count == 2 && sink.sent.last?.1 == "next cell\n")
    }
}
