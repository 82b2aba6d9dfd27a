import Foundation
import Synchronization
import Jupyter
import Testing

@Suite struct HistoryTests {
    func filled() -> History {
        let history = History()
        for (line, input) in ["x = 1", "print(x)", "y = 2", "print(y)", "x = 1"].enumerated() {
            history.append(input: input, line: line + 1)
        }
        history.recordOutput("2", line: 3)
        return history
    }

    @Test func tail() {
        let history = filled()
        #expect(history.tail(2).map(\.line) == [4, 5])
        #expect(history.tail(10).count == 5)
        #expect(history.tail(0).isEmpty)
    }

    @Test func rangeOfThisSession() {
        let history = filled()
        #expect(history.range(session: 0, start: 2, stop: 4).map(\.input) == ["print(x)", "y = 2"])
        #expect(history.range(session: 0, start: 4, stop: nil).map(\.line) == [4, 5])
        #expect(history.range(session: 1, start: 1, stop: 2).map(\.input) == ["x = 1"])
        #expect(history.range(session: -1, start: 1, stop: nil).isEmpty)
        #expect(history.range(session: 0, start: 3, stop: 4).first?.output == "2")
    }

    @Test func searchWithGlobsAndUnique() {
        let history = filled()
        #expect(history.search(pattern: "print*").map(\.line) == [2, 4])
        #expect(history.search(pattern: "*= ?").map(\.line) == [1, 3, 5])
        #expect(history.search(pattern: "[xy] = *", unique: true).map(\.line) == [3, 5])
        #expect(history.search(pattern: "*", limit: 2).map(\.line) == [4, 5])
        #expect(history.search(pattern: "nothing").isEmpty)
    }

    @Test func fileKeepsEarlierSessions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString).sqlite").path
        defer { HistoryTests.remove(path) }
        let first = History(path: path)
        #expect(first.session == 1)
        first.append(input: "a = \"é\"\nb", line: 1)
        first.recordOutput("out", line: 1)

        let second = History(path: path)
        #expect(second.session == 2)
        #expect(second.range(session: -1, start: 1, stop: nil) == [History.Entry(session: 1, line: 1, input: "a = \"é\"\nb", output: "out")])
        second.append(input: "c", line: 1)
        #expect(second.tail(5).map(\.session) == [1, 2])
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func concurrentWritersLoseNothingAndGetTheirOwnSessions() throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let writers = 8, entries = 1000
        let sessions = Counter()
        let sessionsSeen = Mutex([Int](repeating: 0, count: writers))
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            let history = History(path: path)
            sessionsSeen.withLock { $0[writer] = history.session }
            for line in 1...entries { history.append(input: "writer \(writer) line \(line)", line: line) }
            sessions.increment()
        }
        let seen = sessionsSeen.withLock { $0 }
        #expect(sessions.value == writers)
        #expect(Set(seen).count == writers)
        let reader = History(path: path)
        #expect(reader.count == writers * entries)
        for session in seen {
            let rows = reader.range(session: session, start: 1, stop: nil)
            #expect(rows.map(\.line) == Array(1...entries))
        }
    }

    @Test func hugeInputsAreStoredCut() throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let history = History(path: path, maxEntryBytes: 100_000)
        let huge = String(repeating: "é", count: 25_000_000)  // 50 MB of UTF-8
        history.append(input: huge, line: 1)
        history.append(input: "small", line: 2)
        let stored = History(path: path).range(session: history.session, start: 1, stop: nil)
        #expect(stored.count == 2)
        #expect(stored[0].input.utf8.count == 100_000)
        #expect(huge.hasPrefix(stored[0].input))
        #expect(history.isTruncated(line: 1) && !history.isTruncated(line: 2))
        #expect(stored[1].input == "small")
    }

    @Test func onlyTheNewestEntriesAreKept() {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let history = History(path: path, maxEntries: 50)
        for line in 1...301 { history.append(input: "cell \(line)", line: line) }
        // Trimmed every hundred writes: never far past the limit, and the newest are kept.
        #expect(history.count <= 50 + 100)
        #expect(history.count >= 50)
        #expect(history.tail(1).first?.input == "cell 301")
        #expect(history.range(session: 0, start: 1, stop: 2).isEmpty)
    }

    @Test func startingReadsNothingOfTheStoredHistory() {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let first = History(path: path)
        for line in 1...2000 { first.append(input: "x\(line)", line: line) }
        // A new session knows only its number until asked; its answers come from the file.
        let second = History(path: path)
        #expect(second.session == first.session + 1)
        #expect(second.range(session: 0, start: 1, stop: nil).isEmpty)
        #expect(second.tail(3).map(\.input) == ["x1998", "x1999", "x2000"])
        #expect(second.search(pattern: "x200?").map(\.input) == ["x2000"])
    }

    @Test func anUnwritableFileFallsBackToMemory() {
        var logged: [String] = []
        let history = History(path: "/nonexistent-dir/history.sqlite") { logged.append($0) }
        history.append(input: "kept", line: 1)
        #expect(history.tail(1).map(\.input) == ["kept"])
        #expect(logged.contains { $0.contains("memory") })
    }
}
