import Synchronization

/// Runs programs: compiles each input against the persistent globals, then evaluates it.
///
/// One interpreter holds one session's state (a notebook kernel's, a REPL's, a script's). It is not
/// thread-safe, except `requestInterrupt()` and `interruption`, which any thread may use while code runs.
public final class Interpreter {
    public let globals = Globals()
    /// The modules this session imported, and where it looks for them.
    public let modules = ModuleLoader()
    /// Where `print` writes; the host points it at stdout, a Jupyter stream, or a test buffer.
    public var output: (String) -> Void = { print($0, terminator: "") }
    /// Shows the documentation `?name` asks for in a pager when the host has one (a notebook);
    /// otherwise it is printed.
    public var pager: ((String) -> Void)?
    /// Pushes out text `output` holds back (a host that buffers it sets this), for output that must
    /// show before its line ends: a shell command's progress.
    public var flushOutput: () -> Void = {}
    /// Where `print(..., to: "stderr")` writes.
    public var errorOutput: (String) -> Void = { print($0, terminator: "") }
    /// Answers `member` look-ups on layer instances that the instance itself lacks (`parameters`).
    public var instanceMember: ((Instance, String) throws -> Value?)?
    /// The names `instanceMember` answers, for completion of a layer instance's members.
    public var instanceMemberNames: [String] = []
    /// Calls a layer instance in the host's way (around `callForward`: the runtime's forward hooks).
    public var instanceCall: ((Instance, Arguments) throws -> Value)?
    /// Maps host errors (such as the engine's) that are not `ScriptErrorConvertible`.
    public var errorMapper: ((Error) -> ScriptError?)?

    var flow: Flow = .normal
    var returnValue: Value = .null
    private var depth = 0
    /// The deepest call nesting allowed before a RecursionError.
    public var maxDepth = 4000
    /// The largest list or string a single operation may build.
    public static let maxCollection = 100_000_000

    /// The source of the input running now, for error locations.
    var source: Source?
    /// The character table of the long string indexed or measured last (see `characters(of:)`).
    var lastCharacters: StringCharacters?

    /// This interpreter's pending interrupt (a notebook's stop button, a test's watchdog), as a handle
    /// another thread may keep and use while this interpreter runs.
    public let interruption = Interruption()
    /// The process's pending interrupt (Ctrl-C, SIGTERM): it stops whichever interpreter looks first.
    private static let processInterrupt = Atomic<Bool>(false)

    public init() {}

    deinit {
        modules.forget()
    }

    /// Asks this interpreter's running code to stop at the next statement or loop step with an
    /// `Interrupted` error. Safe to call from any thread.
    public func requestInterrupt() { interruption.request() }

    /// Asks the code of the process to stop: what a signal does. Safe from any thread, and from the
    /// thread a signal handler wakes.
    public static func requestInterrupt() { processInterrupt.store(true, ordering: .relaxed) }

    /// Clears a pending interrupt, this interpreter's and the process's (before running new input).
    public func clearInterrupt() {
        interruption.flag.store(false, ordering: .relaxed)
        Interpreter.processInterrupt.store(false, ordering: .relaxed)
    }

    /// Clears the process's pending interrupt.
    public static func clearInterrupt() { processInterrupt.store(false, ordering: .relaxed) }

    /// Whether an interrupt is pending for this interpreter; hosts poll it inside long operations.
    public var interruptRequested: Bool {
        interruption.flag.load(ordering: .relaxed) || Interpreter.processInterrupt.load(ordering: .relaxed)
    }

    /// Whether the process has an interrupt pending.
    public static var interruptRequested: Bool { processInterrupt.load(ordering: .relaxed) }

    /// Throws `Interrupted` (located at `location`) if an interrupt is pending, clearing it.
    @inline(__always) public func checkInterrupt(at location: SourceLocation = .unknown) throws {
        if interruptRequested {
            clearInterrupt()
            throw ScriptError("Interrupted", "execution was interrupted; every variable keeps its value", at: location, in: source)
        }
    }

    /// Parses, compiles and runs `source`, returning the value of its last expression statement (nil
    /// when it ends in a declaration or loop). Syntax errors throw `SyntaxErrors` before anything runs;
    /// runtime errors throw `ScriptError`; globals defined before the error stay defined.
    @discardableResult
    public func run(_ source: Source) throws -> Value? {
        let program: Program
        do {
            program = try Parser.parse(source, interruption: .of(self))
        } catch {
            // An interrupted parse is reported like an interrupted run (hosts map it to exit code 130).
            if let interruption = error.interruption { throw interruption }
            throw error
        }
        return try run(program, source: source)
    }

    /// Compiles and runs an already parsed program.
    public func run(_ program: Program, source: Source) throws -> Value? {
        let compiled = try Compiler(globals: globals, source: source).compileProgram(program)
        self.source = source
        depth = 0
        // The table holds its string: let it go with the input, not with the next long string indexed.
        defer { lastCharacters = nil }
        let value = try evaluate(compiled)
        return compiled.endsInExpression ? value : nil
    }

    /// Runs a module's program in the module's own globals, from inside the importer's running code,
    /// whose source comes back after.
    func runModule(_ program: Program, source: Source, globals: Globals) throws {
        let compiled = try Compiler(globals: globals, source: source, isModule: true).compileProgram(program)
        let importer = self.source
        self.source = source
        defer { self.source = importer }
        _ = try evaluate(compiled)
    }

    /// Runs a compiled program's top level in a new frame.
    private func evaluate(_ compiled: Compiler.Compiled) throws -> Value {
        flow = .normal
        defer { flow = .normal }
        let frame = Frame(size: compiled.frameSize, cells: compiled.cellCount)
        do {
            return try compiled.body.eval(self, frame)
        } catch {
            throw locate(error, at: .unknown)
        }
    }

    /// Calls a function value with arguments (for hosts: training callbacks, layer adapters).
    public func call(_ callee: Value, _ arguments: Arguments) throws -> Value {
        switch callee {
        case .function(let f): return try f.call(arguments, self)
        case .object(let o): return try o.call(arguments, self)
        case .instance(let i): return try instanceCall?(i, arguments) ?? callForward(i, arguments)
        default: throw ScriptError("TypeError", "a \(callee.typeName) is not callable")
        }
    }

    /// Calls a layer instance's `forward` method.
    public func callForward(_ instance: Instance, _ arguments: Arguments) throws -> Value {
        guard let forward = instance.field("forward") else {
            throw ScriptError("TypeError", "layer \(instance.type.name) has no forward method to call")
        }
        return try call(forward, arguments)
    }

    /// Runs a user function body one level deeper, or throws RecursionError past the limit.
    @inline(__always) func enterCall(_ body: () throws -> Value) throws -> Value {
        // Recursion without loops (an exponential fib) must stop on an interrupt too.
        try checkInterrupt()
        depth += 1
        defer { depth -= 1 }
        guard depth <= maxDepth else {
            throw ScriptError("RecursionError", "maximum call depth (\(maxDepth)) exceeded")
        }
        return try body()
    }

    /// Turns any error into a located ScriptError (keeping a location it already has).
    func locate(_ error: Error, at location: SourceLocation) -> Error {
        if error is SyntaxErrors || error is ScriptExit { return error }
        var e: ScriptError
        if let s = error as? ScriptError { e = s }
        else if let c = error as? ScriptErrorConvertible { e = c.scriptError }
        else if let mapped = errorMapper?(error) { e = mapped }
        else { e = ScriptError("Error", "\(error)") }
        if e.location == .unknown && location != .unknown {
            e.location = location
            e.source = source
        }
        return e
    }
}

extension Interpreter {
    /// Names offered for completion after `value.`: methods, properties, layer fields.
    /// `value.name`: a property or bound method, or nil when `value` has no member of that name.
    public func member(of value: Value, _ name: String) throws -> Value? {
        try Methods.member(of: value, name, self)
    }

    public func memberNames(of value: Value) -> [String] {
        var names = Methods.names(of: value)
        if case .instance = value { names += instanceMemberNames }
        return names
    }

    /// The parameter names of a callable value, for completing labelled arguments.
    public func parameterNames(of value: Value) -> [String] {
        switch value {
        case .function(let f as UserFunction): return f.parameterNames
        case .function(let f as LayerType): return f.constructor.parameterNames
        case .function(let f as NativeFunction): return f.signature.labels
        case .instance(let i):
            if case .function(let f as UserFunction)? = i.field("forward") { return f.parameterNames }
            return []
        default: return []
        }
    }
}


/// One interpreter's interrupt request: the handle a watchdog, a signal watcher or a kernel's control
/// thread keeps to stop that interpreter's running code from another thread.
public final class Interruption: Sendable {
    let flag = Atomic<Bool>(false)

    /// Asks the interpreter's running code to stop at the next statement or loop step.
    public func request() { flag.store(true, ordering: .relaxed) }

    /// Whether a stop was asked of this interpreter (the process's own request is
    /// `Interpreter.interruptRequested`).
    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
