/// `throw` and `try`/`catch`/`finally`.
final class ThrowNode: Node {
    let location: SourceLocation
    let value: Node
    init(_ value: Node, _ location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// Raises the error value: a new one here, a caught one from where it was first raised.
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let v = try value.eval(vm, frame)
        guard case .object(let made as ErrorValue) = v else {
            throw ScriptError("TypeError", "throw needs an error value, made with error(kind, message), not a \(v.typeName)",
                              at: value.location, in: vm.source)
        }
        var error = made.error
        if error.location == .unknown {
            error.location = location
            error.source = vm.source
        }
        throw error
    }
}

/// One compiled `catch`: the kinds it handles (all when empty) and the variable it binds.
struct CatchNode {
    let kinds: [String]
    let variable: LocalNode?
    let body: Node

    func handles(_ error: ScriptError) -> Bool { kinds.isEmpty || kinds.contains(error.kind) }
}

final class TryNode: Node {
    let location: SourceLocation
    let body: Node
    let catches: [CatchNode]
    let finally: Node?
    init(_ body: Node, _ catches: [CatchNode], _ finally: Node?, _ location: SourceLocation) {
        self.body = body
        self.catches = catches
        self.finally = finally
        self.location = location
    }

    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        guard let finally else { return try attempt(vm, frame) }
        let value: Value
        do {
            value = try attempt(vm, frame)
        } catch {
            // A jump out of the finally block (return, break, continue) drops the error, as in Python.
            if try runFinally(finally, vm, frame) { return .null }
            throw error
        }
        _ = try runFinally(finally, vm, frame)
        return value
    }

    /// The try block, and the first catch that handles its error; an error no catch handles, an
    /// interrupt, or one raised inside a catch goes on out.
    private func attempt(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        do {
            return try body.eval(vm, frame)
        } catch {
            guard let e = vm.locate(error, at: location) as? ScriptError, e.isCatchable,
                  let handler = catches.first(where: { $0.handles(e) }) else { throw error }
            vm.flow = .normal
            var caught = e
            // The places it passed are named now, so a rethrow from elsewhere cannot misname them.
            if let function = frame.function { caught.leaving(function.name) }
            handler.variable?.declare(.object(ErrorValue(caught)), frame)
            return try handler.body.eval(vm, frame)
        }
    }

    /// Runs the finally block with any return, break or continue under way put aside, and resumes it
    /// afterwards; returns whether the finally block itself jumped (its jump then wins).
    private func runFinally(_ finally: Node, _ vm: Interpreter, _ frame: Frame) throws -> Bool {
        let (flow, returnValue) = (vm.flow, vm.returnValue)
        vm.flow = .normal
        _ = try finally.eval(vm, frame)
        if vm.flow != .normal { return true }
        (vm.flow, vm.returnValue) = (flow, returnValue)
        return false
    }
}
