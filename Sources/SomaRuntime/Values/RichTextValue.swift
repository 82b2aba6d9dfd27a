import Script

/// Text that a notebook renders (`html("…")`, `markdown("…")`, `latex("…")`) and a terminal prints in
/// a plain form: HTML as its text (tags removed, entities decoded), Markdown and LaTeX as written.
final class RichTextValue: TabledObject, MimeDisplayable {
    enum Kind: String {
        case html = "text/html", markdown = "text/markdown", latex = "text/latex"

        var typeName: String {
            switch self {
            case .html: "HTML"
            case .markdown: "Markdown"
            case .latex: "LaTeX"
            }
        }
    }

    let kind: Kind
    let source: String
    init(_ kind: Kind, _ source: String) {
        self.kind = kind
        self.source = source
    }

    var typeName: String { kind.typeName }
    var text: String { kind == .html ? HTMLText.plain(source) : source }
    var mimeForms: MimeBundle { [kind.rawValue: source] }

    static let members = MemberTable<RichTextValue>([
        .property("source", "the text as given (HTML, Markdown or LaTeX).") { .string($0.source) },
    ])
}
