/// The members of one kind of value (properties and methods), each declared once: lookup,
/// completion, `help(value.member)` and "did you mean" all read the same table.
///
/// A call written `value.name(…)` runs the method directly (`invoke`), as clox's `OP_INVOKE` does,
/// instead of first making a function bound to the value and then calling it.
public struct MemberTable<Receiver>: Sendable {
    /// One property or method.
    public struct Member: Sendable {
        public let name: String
        public let summary: String
        @usableFromInline let body: Body

        @usableFromInline enum Body: Sendable {
            case property(@Sendable (Receiver) throws -> Value)
            case method(Signature, @Sendable (Receiver, BoundArguments, Interpreter) throws -> Value)
        }

        /// A property: `t.shape`.
        public static func property(_ name: String, _ summary: String, _ get: @escaping @Sendable (Receiver) throws -> Value) -> Member {
            Member(name: name, summary: summary, body: .property(get))
        }

        /// A method, its parameters declared as a builtin's are: `xs.append(value)`.
        public static func method(_ name: String, _ parameters: [Signature.Parameter], _ summary: String,
                                  _ body: @escaping @Sendable (Receiver, BoundArguments, Interpreter) throws -> Value) -> Member {
            Member(name: name, summary: summary, body: .method(Signature(name, parameters, summary), body))
        }

        /// The call form of a method (`append(value)`), or the name of a property.
        public var form: String {
            switch body {
            case .property: return name
            case .method(let signature, _): return signature.callForm
            }
        }
    }

    /// The members in the order declared, and each name's place there.
    @usableFromInline let members: [Member]
    @usableFromInline let positions: [String: Int]
    /// What a call site that found a member here remembers of the table (see `MemberSite`).
    @usableFromInline let identity = Identity()
    /// Every member's name, sorted, for completion and hints.
    public let names: [String]

    /// A table's identity for `MemberSite`: a class instance, which no other table shares.
    @usableFromInline final class Identity: Sendable {}

    public init(_ members: [Member]) {
        // A later member of a name replaces an earlier one, in the earlier one's place.
        var ordered: [Member] = [], positions: [String: Int] = [:]
        for m in members {
            if let i = positions[m.name] { ordered[i] = m } else {
                positions[m.name] = ordered.count
                ordered.append(m)
            }
        }
        self.members = ordered
        self.positions = positions
        names = positions.keys.sorted()
    }

    /// The member of that name, or nil.
    @inlinable func member(named name: String) -> Member? {
        positions[name].map { members[$0] }
    }

    /// The place of the member `site` names: the one the site found last, when that was in this table,
    /// without hashing the name again.
    @inlinable func position(at site: MemberSite) -> Int? {
        if site.table === identity { return site.index }
        guard let i = positions[site.name] else { return nil }
        site.table = identity
        site.index = i
        return i
    }

    /// `receiver.name`: a property's value, or the method as a function bound to `receiver`; nil when
    /// the kind has no member of that name.
    @inlinable public func get(_ receiver: Receiver, _ name: String) throws -> Value? {
        guard let m = member(named: name) else { return nil }
        switch m.body {
        case .property(let get): return try get(receiver)
        case .method(let signature, let body):
            return .function(NativeFunction(signature) { a, vm in try body(receiver, a, vm) })
        }
    }

    /// `receiver.name(arguments)`, without making a bound function; nil when there is no such member.
    /// A property is read and its value called (a property holding a function).
    @inlinable public func invoke(_ receiver: Receiver, _ site: MemberSite, _ arguments: Arguments, _ vm: Interpreter) throws -> Value? {
        // The body alone is read: copying the whole member would retain its name and summary too.
        guard let i = position(at: site) else { return nil }
        switch members[i].body {
        case .property(let get): return try vm.call(try get(receiver), arguments)
        case .method(let signature, let body): return try body(receiver, try BoundArguments(arguments, to: signature), vm)
        }
    }

    /// Every member as its call form (a method) or name (a property) and its summary, in name order.
    public var entries: [(form: String, summary: String)] {
        names.compactMap(member(named:)).map { ($0.form, $0.summary) }
    }
}

/// A host object whose members are one table: lookup, calls, completion and help all read it.
public protocol TabledObject: ScriptObject {
    static var members: MemberTable<Self> { get }
}

extension TabledObject {
    public func member(_ name: String, _ interpreter: Interpreter) throws -> Value? { try Self.members.get(self, name) }

    public func invoke(_ member: MemberSite, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
        try Self.members.invoke(self, member, arguments, interpreter)
    }

    public var memberNames: [String] { Self.members.names }
}

/// A member name as one call site writes it (`opt.step()`), with the member a look-up there found: a
/// loop calls the same method on values of the same kind, and finds it again without hashing the name
/// (an inline cache, as in Smalltalk and JavaScript engines).
///
/// One site belongs to one compiled call, which runs in one interpreter at a time.
public final class MemberSite {
    public let name: String
    /// The table the member was found in, and its place there.
    @usableFromInline var table: AnyObject?
    @usableFromInline var index = 0

    public init(_ name: String) { self.name = name }
}
