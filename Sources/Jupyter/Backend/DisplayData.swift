import JSONFormat
/// A MIME bundle and its metadata: what `display_data`, `execute_result` and `inspect_reply` carry.
public struct DisplayData: Sendable, Equatable {
    /// MIME type → representation, e.g. `["text/plain": "3", "image/svg+xml": "<svg…"]`.
    public var data: [String: JSON]
    public var metadata: [String: JSON]

    public init(data: [String: JSON], metadata: [String: JSON] = [:]) {
        self.data = data
        self.metadata = metadata
    }

    /// A bundle with only `text/plain`.
    public init(text: String) {
        self.init(data: ["text/plain": .string(text)])
    }

    /// The `text/plain` representation, if any.
    public var plainText: String? { data["text/plain"]?.stringValue }
}
