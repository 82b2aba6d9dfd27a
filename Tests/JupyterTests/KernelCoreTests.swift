@testable import Jupyter
import JSONFormat
import Testing

/// The request handlers without sockets: a mock backend and a recording publisher.
@Suite struct KernelCoreTests {
    let backend = MockBackend()
    let publisher = RecordingPublisher()
    let core: KernelCore
    let client = MessageFactory(session: "client")

    init() {
        core = KernelCore(
            backend: backend, factory: MessageFactory(session: "kernel"), publisher: publisher, history: History(),
            lifecycle: Lifecycle(), streamLimit: nil, log: { _ in })
    }

    func request(_ type: String, _ content: [String: JSON] = [:], channel: Channel = .shell) -> [Message] {
        var replies: [Message] = []
        let dispatcher = channel == .control ? core.control! : core.shell!
        dispatcher.dispatch(Message(identities: [[7]], header: client.header(type), content: content)) { replies.append($0) }
        return replies
    }

    @Test func tablesListTheHandledTypes() {
        #expect(core.shell.messageTypes.isSuperset(of: [
            "kernel_info_request", "execute_request", "complete_request", "inspect_request", "is_complete_request",
            "history_request", "comm_info_request", "comm_open", "comm_msg", "comm_close", "shutdown_request",
        ]))
        #expect(core.control.messageTypes == ["kernel_info_request", "interrupt_request", "shutdown_request"])
    }

    @Test func repliesGoBackToTheRequester() {
        let reply = request("kernel_info_request")
        #expect(reply.count == 1)
        #expect(reply[0].identities == [[7]])
        #expect(reply[0].type == "kernel_info_reply")
        #expect(reply[0].header.session == "kernel")
        #expect(publisher.types == ["status", "status"])
    }

    @Test func completeInspectAndIsComplete() {
        let completion = request("complete_request", ["code": "al", "cursor_pos": 2])[0].content
        #expect(completion["matches"] == ["alpha", "alphabet"])
        #expect(completion["cursor_start"] == 0)
        #expect(completion["cursor_end"] == 2)
        #expect(completion["status"] == "ok")

        let inspection = request("inspect_request", ["code": "alpha", "cursor_pos": 5, "detail_level": 1])[0].content
        #expect(inspection["found"] == true)
        #expect(inspection["data"]?["text/plain"] == "alpha: a letter (detail 1)")
        #expect(request("inspect_request", ["code": "zzz", "cursor_pos": 3])[0].content["found"] == false)

        #expect(request("is_complete_request", ["code": "fn f() {"])[0].content == ["status": "incomplete", "indent": "    "])
        #expect(request("is_complete_request", ["code": "1 + 1"])[0].content == ["status": "complete"])
        #expect(request("is_complete_request", ["code": "}"])[0].content == ["status": "invalid"])
    }

    @Test func historyRequestsSeeExecutedCells() {
        _ = request("execute_request", ["code": "result"])
        _ = request("execute_request", ["code": "print 1"])
        _ = request("execute_request", ["code": "hidden", "store_history": false])

        let tail = request("history_request", ["hist_access_type": "tail", "n": 5, "output": false])[0].content
        #expect(tail["history"] == [[1, 1, "result"], [1, 2, "print 1"]])
        let withOutput = request("history_request", ["hist_access_type": "range", "session": 0, "start": 1, "stop": 2, "output": true])
        #expect(withOutput[0].content["history"] == [[1, 1, ["result", "42"]]])
        let search = request("history_request", ["hist_access_type": "search", "pattern": "pr*", "n": 1, "unique": true])
        #expect(search[0].content["history"] == [[1, 2, "print 1"]])
    }

    @Test func silentCellsPublishOnlyStatus() {
        let reply = request("execute_request", ["code": "print 2", "silent": true])
        #expect(reply[0].content["status"] == "ok")
        #expect(reply[0].content["execution_count"] == 0)
        #expect(publisher.types == ["status", "status"])
    }

    @Test func inputIsRefusedWithoutAStdinChannel() {
        let reply = request("execute_request", ["code": "input"])
        #expect(reply[0].content["ename"] == "InputError")
    }

    @Test func interruptOnlyReachesARunningCell() {
        #expect(request("interrupt_request", channel: .control)[0].content["status"] == "ok")
        #expect(backend.interruptCount == 0)
        #expect(core.lifecycle.interruptCount == 1)
    }

    @Test func shutdownStopsTheLifecycleAndTellsIOPub() {
        let reply = request("shutdown_request", ["restart": true], channel: .control)
        #expect(reply[0].content == ["status": "ok", "restart": true])
        #expect(core.lifecycle.isStopping)
        #expect(core.lifecycle.shutdownRestart == true)
        #expect(publisher.types.contains("shutdown_reply"))
    }
}
