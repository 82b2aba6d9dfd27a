import JSONFormat
/// What `kernel_info_reply` reports.
public struct KernelInfo: Sendable, Equatable {
    public var implementation: String
    public var implementationVersion: String
    public var language: LanguageInfo
    public var banner: String
    public var helpLinks: [HelpLink]

    public init(implementation: String, implementationVersion: String, language: LanguageInfo, banner: String = "", helpLinks: [HelpLink] = []) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.language = language
        self.banner = banner
        self.helpLinks = helpLinks
    }

    /// The reply's content (status and protocol version included).
    var content: [String: JSON] {
        [
            "status": "ok",
            "protocol_version": .string(MessageHeader.protocolVersion),
            "implementation": .string(implementation),
            "implementation_version": .string(implementationVersion),
            "language_info": .object(language.json),
            "banner": .string(banner),
            "help_links": .array(helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
        ]
    }
}

/// The `language_info` of `kernel_info_reply`; frontends use it for highlighting and "download as".
public struct LanguageInfo: Sendable, Equatable {
    public var name: String
    public var version: String
    public var mimeType: String
    /// With the dot, e.g. `".soma"`.
    public var fileExtension: String
    public var pygmentsLexer: String?
    /// A mode name or a mode object for CodeMirror.
    public var codemirrorMode: JSON?
    public var nbconvertExporter: String?

    public init(
        name: String, version: String, mimeType: String = "text/plain", fileExtension: String,
        pygmentsLexer: String? = nil, codemirrorMode: JSON? = nil, nbconvertExporter: String? = nil
    ) {
        self.name = name
        self.version = version
        self.mimeType = mimeType
        self.fileExtension = fileExtension
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
        self.nbconvertExporter = nbconvertExporter
    }

    var json: [String: JSON] {
        var members: [String: JSON] = [
            "name": .string(name), "version": .string(version), "mimetype": .string(mimeType),
            "file_extension": .string(fileExtension),
        ]
        if let pygmentsLexer { members["pygments_lexer"] = .string(pygmentsLexer) }
        if let codemirrorMode { members["codemirror_mode"] = codemirrorMode }
        if let nbconvertExporter { members["nbconvert_exporter"] = .string(nbconvertExporter) }
        return members
    }
}

/// A link shown in the frontend's Help menu.
public struct HelpLink: Sendable, Equatable {
    public var text: String
    public var url: String

    public init(text: String, url: String) {
        self.text = text
        self.url = url
    }
}
