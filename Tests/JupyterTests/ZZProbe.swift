@testable import Jupyter
struct StreamBufferProbe {
    let buffer: StreamBuffer
    static func make(_ sink: @escaping (String) -> Void) -> StreamBufferProbe {
        let b = StreamBuffer(limit: 1_000_000) { _, text, _ in sink(text) }
        b.begin(parent: MessageHeader(session: "s", messageType: "x"), silent: false)
        return StreamBufferProbe(buffer: b)
    }
    func write(_ s: String) { buffer.write(s, to: .stdout) }
    func finish() { buffer.end() }
}
