import Foundation
import Synchronization
@testable import Jupyter

/// A publisher that keeps what it is given.
final class RecordingPublisher: Publisher, Sendable {
    private let messages = Mutex<[Message]>([])

    func publish(_ message: Message) { messages.withLock { $0.append(message) } }

    var published: [Message] { messages.withLock { $0 } }
    var types: [String] { published.map(\.type) }
}
