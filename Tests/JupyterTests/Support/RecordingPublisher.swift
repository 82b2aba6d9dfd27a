import Foundation
@testable import Jupyter

/// A publisher that keeps what it is given.
final class RecordingPublisher: Publisher, @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []

    func publish(_ message: Message) { lock.withLock { messages.append(message) } }

    var published: [Message] { lock.withLock { messages } }
    var types: [String] { published.map(\.type) }
}
