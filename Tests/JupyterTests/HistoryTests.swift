import Foundation
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
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = History(path: path)
        #expect(first.session == 1)
        first.append(input: "a = \"é\"\nb", line: 1)
        first.recordOutput("out", line: 1)
        first.commit(line: 1)

        let second = History(path: path)
        #expect(second.session == 2)
        #expect(second.range(session: -1, start: 1, stop: nil) == [History.Entry(session: 1, line: 1, input: "a = \"é\"\nb", output: "out")])
        second.append(input: "c", line: 1)
        #expect(second.tail(5).map(\.session) == [1, 2])
    }
}
