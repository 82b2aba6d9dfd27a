import Foundation
import NN
import Script
import TensorEngine

/// One session of the language with the engine bound in: what the REPL, the script runner and the
/// notebook kernel each hold.
public final class Runtime {
    public let interpreter = Interpreter()
    /// Shows a value's MIME bundle (`display(x, id:)`), or with `update` replaces the display of that id
    /// (`updateDisplay`); the default prints the text form to the output.
    public var displayHandler: ((_ bundle: MimeBundle, _ id: String?, _ update: Bool) -> Void)?
    /// Clears the cell's output (`clearOutput(wait:)`); the default does nothing.
    public var clearOutputHandler: ((_ wait: Bool) -> Void)?
    /// Where `print(..., to: "stderr")` goes; the default is the process's standard error.
    public var errorOutput: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    /// Reads a line for `input(prompt)`; the default reads standard input.
    public var inputHandler: ((String) throws -> String)?

    /// Whether `run` uses the calling thread, which must then have a stack of `stackSize` bytes (a host
    /// that made such a thread itself); otherwise each run gets a thread of its own with that stack.
    public var runsOnCallingThread = false

    /// Where `print` and text displays go.
    public var output: (String) -> Void {
        get { interpreter.output }
        set {
            interpreter.output = { [unowned self] text in
                self.outputCount &+= 1
                newValue(text)
            }
        }
    }

    /// The cell, input or file run last: the place its result is shown from.
    var lastSource: Source?

    /// Counts writes to `output`, so a display redrawn in place in a terminal can tell whether other
    /// text was printed below it since its last drawing (and must not be drawn over).
    var outputCount = 0

    /// Pushes buffered output to the user (hosts that buffer `output` set this); live displays call it
    /// after each redraw.
    public var flushOutput: () -> Void {
        get { interpreter.flushOutput }
        set { interpreter.flushOutput = newValue }
    }

    /// How `fit` and `progress` show their live display; nil picks `.rich` when there is a display
    /// handler (a notebook) and `.lines` otherwise.
    public var liveOutput: LiveOutput?

    /// The engine's context for this session's code: its size limit, its random generator, and the
    /// interrupt check that long engine work (a backward pass through a long graph, a slow file) asks
    /// between steps.
    public let engine: EngineContext

    /// The widgets this session made (sliders, dropdowns, buttons) and the link to a notebook's widget manager.
    let widgets = WidgetSession()

    /// The folder this session's relative file paths start from (`save`, `load`, `readText`, …); nil
    /// for the process's working directory.
    public var directory: String? {
        get { engine.directory }
        set {
            engine.directory = newValue
            interpreter.modules.directory = newValue
        }
    }

    /// The largest tensor, in elements, this session's code may make.
    public var maxElements: Int {
        get { engine.maxElements }
        set { engine.maxElements = newValue }
    }

    public init() {
        let interpreter = interpreter, interruption = interpreter.interruption
        // The engine asks between the steps of its work (every node of a backward pass): the flags are
        // read first, so that the common answer, no, costs no retain of the unowned interpreter.
        engine = EngineContext { [unowned interpreter] in
            if interruption.isRequested || Interpreter.interruptRequested { try interpreter.checkInterrupt() }
        }
        install()
    }

    /// The standard library's globals as installed (a user who redefines one is shadowing a builtin).
    private var builtins: [String: Value] = [:]
    /// `In`, `Out`, `_` and `_N` (the REPL and notebooks).
    var history = History()

    private func install() {
        CoreLibrary.install(into: interpreter)
        interpreter.errorOutput = { [unowned self] in self.errorOutput($0) }
        for library in Library.all { library().install(into: interpreter) }
        var io = Library()
        io.add("display", ["x", .optional("id")],
               "shows x as the result of a cell does (rich forms in a notebook); with an id, updateDisplay can replace it later.") { [unowned self] a, _ in
            self.show(try self.displayBundle(try a.value("x")), id: try a.given("id")?.string("id"))
            return .null
        }
        io.add("updateDisplay", ["x", "id"], "replaces the output shown by display(…, id:) with x, in place.") { [unowned self] a, _ in
            self.show(try self.displayBundle(try a.value("x")), id: try a.string("id"), update: true)
            return .null
        }
        io.add("clearOutput", [.defaulted("wait", false)], "clears the cell's output (with wait, when the next output arrives).") { [unowned self] a, _ in
            self.clearOutputHandler?(try a.boolean("wait"))
            return .null
        }
        io.add("input", [.defaulted("prompt", "")], "reads a line typed by the user.") { [unowned self] a, _ in
            .string(try self.readInputLine(try a.value("prompt").text))
        }
        io.install(into: interpreter)
        installLive()
        installWidgets()
        installStepper()
        installReplay()
        interpreter.instanceMember = { [unowned self] instance, name in
            guard let m = Convert.moduleOrNil(.instance(instance), self.interpreter) else { return nil }
            return try ModuleMembers.member(m, name)
        }
        interpreter.instanceMemberNames = ModuleMembers.names
        interpreter.instanceCall = { [unowned self] instance, arguments in
            // A layer with forward hooks that is called with one tensor runs them, as an engine layer does.
            guard let state = instance.hostData as? ScriptModuleState, !state.forwardHooks.isEmpty,
                  arguments.labelled.isEmpty, arguments.positional.count == 1,
                  case .object(let x as TensorValue) = arguments.positional[0] else {
                return try self.interpreter.callForward(instance, arguments)
            }
            return Convert.wrap(try ScriptModule(instance, self.interpreter)(x.tensor))
        }
        builtins = Dictionary(interpreter.globals.defined.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        installModules(builtins: builtins)
    }

    /// Shows a bundle through the display handler, or prints its text.
    public func show(_ bundle: MimeBundle, id: String? = nil, update: Bool = false) {
        if let displayHandler { displayHandler(bundle, id, update) } else { output((bundle["text/plain"] ?? "") + "\n") }
    }

    /// Runs one input. Returns the value of a final expression (nil when there is none or it is nil).
    /// Throws `SyntaxErrors` (nothing ran) or `ScriptError`; definitions made before an error stay.
    ///
    /// A REPL input or a notebook cell may hold `!command` lines (`ShellLines`). With `remembering`
    /// (an input whose value is shown), its text goes into `In` and its value into `_`, `_N` and `Out`.
    public func run(_ code: String, as kind: Source.Kind, remembering: Bool = false) throws -> Value? {
        interpreter.clearInterrupt()
        if let subject = Self.helpQuery(code) {
            try showHelp(on: subject, as: kind)
            return nil
        }
        var text = code, number: Int?
        switch kind {
        case .input(let n), .cell(let n):
            text = ShellLines.expand(code)
            if remembering { number = n }
        case .file: break
        }
        if let number { remember(input: code, number: number) }
        let value = try evaluate(Source(text, kind: kind))
        if case .null? = value { return nil }
        if let number, let value { remember(result: value, number: number) }
        return value
    }

    /// Runs `source` in this session's interpreter, on the large stack unless told otherwise.
    func evaluate(_ source: Source) throws -> Value? {
        lastSource = source
        return try inSession { try self.interpreter.run(source) }
    }

    /// Runs `body` as this session's code runs: with the engine's context, on the large stack unless
    /// told otherwise.
    func inSession<T>(_ body: @escaping () throws -> T) throws -> T {
        let run = { try self.engine.run(body) }
        return runsOnCallingThread ? try run() : try Runtime.onLargeStack(run)
    }

    /// Forgets every user definition and every imported module, keeping the standard library.
    public func reset() {
        for (name, _) in interpreter.globals.defined { interpreter.globals.remove(name) }
        history = History()
        interpreter.modules.forget()
        install()
    }

    /// The names the user defined, with their values, for `:vars` and variable inspectors; a builtin
    /// the user redefined (`let accuracy = 0.9`) is one of them.
    public var userVariables: [(name: String, value: Value)] {
        interpreter.globals.defined.filter { name, value in
            if isHistory(name, value) { return false }
            guard let builtin = builtins[name] else { return true }
            return !value.isIdentical(to: builtin)
        }
    }

    /// Bytes of stack for running programs: deep recursion in user code ends in a RecursionError
    /// long before this is used up.
    public static let stackSize = 1 << 29

    /// Runs `body` on a thread with a large stack and waits for it.
    ///
    /// Under a limit on virtual memory (`ulimit -v`, `prlimit --as`) a stack of `stackSize` may be
    /// refused: the stack is halved until a thread starts (deep recursion then ends in a RecursionError
    /// or, far past the limit, sooner), and the calling thread runs `body` when none does.
    public static func onLargeStack<T>(_ body: @escaping () throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        let work = StackWork {
            outcome.result = Result { try body() }
            done.signal()
        }
        var size = stackSize
        while size >= 1 << 20 {
            if work.start(stackSize: size) {
                done.wait()
                return try outcome.result!.get()
            }
            size /= 2
        }
        return try body()
    }
}

/// A body run on a new POSIX thread of a chosen stack size; unlike `Thread`, starting one reports failure.
private final class StackWork {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }

    /// Starts the thread; false when the system refuses a stack of this size.
    func start(stackSize: Int) -> Bool {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, stackSize) == 0 else { return false }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, &attributes, { context in
            let work = Unmanaged<StackWork>.fromOpaque(context!).takeRetainedValue()
            work.body()
            return nil
        }, context)
        if started != 0 { Unmanaged<StackWork>.fromOpaque(context).release() }
        return started == 0
    }
}

/// The result of work handed to another thread, read after that thread signals.
///
/// Unchecked Sendable: the worker writes it before signalling and the caller reads it after the wait,
/// so the semaphore orders every access.
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

extension Runtime {
    /// A line typed by the user after `prompt` (the notebook's input box, or standard input); an error
    /// at the end of the input, and an Interrupted error when interrupted while waiting.
    func readInputLine(_ prompt: String) throws -> String {
        if let handler = inputHandler { return try handler(prompt) }
        // The prompt must be on screen before the wait, not after Enter.
        output(prompt)
        flushOutput()
        do {
            guard let line = try StandardInput.shared.readLine(interrupted: { [interpreter] in interpreter.interruptRequested }) else {
                throw ScriptError("ValueError", "input: no more input (end of file)")
            }
            return line
        } catch StandardInput.Failure.interrupted {
            interpreter.clearInterrupt()
            throw ScriptError("Interrupted", "input was interrupted while waiting for a line")
        }
    }
}
