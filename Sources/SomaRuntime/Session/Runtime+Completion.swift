import Script

/// Completion and inspection for editors and notebooks: what may come at the cursor, and what the
/// name under it is.
extension Runtime {
    /// A completion: the candidates and the span of the code they replace.
    public struct Completion: Equatable {
        public var matches: [String]
        public var start: Int
        public var end: Int
    }

    /// Candidates for the word before `cursor` (a character offset): names in scope and builtins,
    /// members after `receiver.`, parameter labels inside a call's parentheses, and file paths inside
    /// a string literal (the whole text typed in the string is replaced) or in a `!command` line.
    public func complete(_ code: String, cursor: Int) -> Completion {
        let chars = Array(code)
        let end = min(max(cursor, 0), chars.count)
        if let quoted = Self.stringStart(chars, before: end) {
            return Completion(matches: completePath(String(chars[quoted..<end])), start: quoted, end: end)
        }
        if let word = Self.shellWordStart(chars, before: end) {
            return Completion(matches: completePath(String(chars[word..<end])), start: word, end: end)
        }
        var start = end
        while start > 0, isNameCharacter(chars[start - 1]) { start -= 1 }
        let prefix = String(chars[start..<end])
        var candidates: [String] = []
        if start > 0, chars[start - 1] == ".", let receiver = resolveChain(chars, before: start - 1) {
            candidates = interpreter.memberNames(of: receiver)
        } else {
            if let callee = enclosingCall(chars, before: start) {
                candidates += interpreter.parameterNames(of: callee).map { $0 + ": " }
            }
            candidates += interpreter.globals.defined.map(\.name)
            candidates += declaredNames(in: chars[..<start])
            candidates += Runtime.keywords
        }
        let matches = Array(Set(candidates.filter { $0.hasPrefix(prefix) })).sorted { a, b in
            // Labels first, then shorter names, then alphabetical.
            let la = a.hasSuffix(": "), lb = b.hasSuffix(": ")
            if la != lb { return la }
            return a.count != b.count ? a.count < b.count : a < b
        }
        return Completion(matches: matches, start: start, end: end)
    }

    /// The reserved words, from the lexer's own table so that a new keyword is offered at once.
    static let keywords = TokenKind.keywords.keys.sorted()

    /// The documentation of the name at `cursor`: a builtin's doc, a function's signature, or a value's
    /// type, shape and text. Nil when there is no known name there.
    public func inspect(_ code: String, cursor: Int) -> String? {
        let chars = Array(code)
        var end = min(max(cursor, 0), chars.count)
        while end < chars.count, isNameCharacter(chars[end]) { end += 1 }
        // A cursor just after `f(` inspects `f`.
        var probe = end
        while probe > 0, chars[probe - 1] == "(" || chars[probe - 1] == " " { probe -= 1 }
        guard let value = resolveChain(chars, before: probe) else { return nil }
        var text = CoreLibrary.documentation(of: value, interpreter)
        if case .object(let o as TensorValue) = value {
            text = "Tensor, shape \(o.tensor.shape)\(o.tensor.requiresGrad ? ", requiresGrad" : "")\n\n" + o.tensor.description
        }
        return text
    }

    private func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// Names the code itself declares before the cursor (`let x`, `var y`, `fn f`, `layer L`, `for i`,
    /// parameters are left out), so a cell can complete what it has not run yet.
    private func declaredNames(in code: ArraySlice<Character>) -> [String] {
        let words = String(code).split(whereSeparator: { !isNameCharacter($0) }).map(String.init)
        var names: [String] = []
        for (i, w) in words.enumerated().dropLast() where ["let", "var", "fn", "layer", "for"].contains(w) {
            names.append(words[i + 1])
        }
        return names + patternNames(in: code)
    }

    /// The names of unpacking patterns (`let [a, [b, c]] = …`, `for [k, v] in …`), which the word scan
    /// above sees only the first of.
    private func patternNames(in code: ArraySlice<Character>) -> [String] {
        let chars = Array(code)
        var names: [String] = []
        var i = 0
        while i < chars.count {
            guard isNameCharacter(chars[i]) else { i += 1; continue }
            var end = i
            while end < chars.count, isNameCharacter(chars[end]) { end += 1 }
            let word = String(chars[i..<end])
            i = end
            guard ["let", "var", "for"].contains(word) else { continue }
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i < chars.count, chars[i] == "[" else { continue }
            var depth = 0, name = ""
            while i < chars.count {
                let c = chars[i]
                if isNameCharacter(c) { name.append(c) } else {
                    if !name.isEmpty && name != "_" { names.append(name) }
                    name = ""
                    if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
                }
                i += 1
                if depth == 0 { break }
            }
        }
        return names
    }

    /// The value of a dotted name chain (`model.fc1.weight`) ending just before `end`, read without
    /// running any code: only globals and members are looked up.
    private func resolveChain(_ chars: [Character], before end: Int) -> Value? {
        var names: [String] = []
        var i = end
        while true {
            var s = i
            while s > 0, isNameCharacter(chars[s - 1]) { s -= 1 }
            guard s < i else { return nil }
            names.insert(String(chars[s..<i]), at: 0)
            if s > 0, chars[s - 1] == "." { i = s - 1 } else { break }
        }
        guard var value = interpreter.globals.get(names[0]) else { return nil }
        for name in names.dropFirst() {
            // Members of host objects may be computed; a failing look-up simply offers nothing.
            guard let next = try? memberValue(value, name) else { return nil }
            value = next
        }
        return value
    }

    private func memberValue(_ base: Value, _ name: String) throws -> Value? {
        switch base {
        case .object(let o): return try o.member(name, interpreter)
        case .instance(let i): return i.field(name)
        default: return nil
        }
    }

    /// The callee of the innermost unclosed call around `position`: `opt = Adam(params, l|` gives Adam.
    private func enclosingCall(_ chars: [Character], before position: Int) -> Value? {
        var depth = 0
        var i = position - 1
        while i >= 0 {
            switch chars[i] {
            case ")", "]": depth += 1
            case "[": if depth == 0 { return nil } else { depth -= 1 }
            case "(":
                if depth == 0 { return resolveChain(chars, before: i) }
                depth -= 1
            case "\n" where depth == 0: return nil
            default: break
            }
            i -= 1
        }
        return nil
    }
}
