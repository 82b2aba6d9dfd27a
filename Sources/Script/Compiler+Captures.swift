/// Name resolution across nested functions: a function captures each variable of an enclosing frame
/// that it uses, and only those (clox's upvalues). Captured variables move from the frame's slots into
/// boxes (`Frame.cells`), so the function holds the boxes and never the frame.
extension Compiler {
    /// How a name is reached from the context being compiled.
    enum Access {
        case local(Variable)
        /// A captured variable, with its declaration (nil for a captured running function).
        case upvalue(Int, Variable?)
        /// The function whose body this is, read from the running frame (a recursive local function).
        case currentFunction
    }

    /// How `name` is reached from `ctx`, capturing it through every function in between; nil for a global.
    func access(_ name: String, in ctx: Context) -> Access? {
        for scope in ctx.scopes.reversed() {
            if let v = scope[name] { return .local(v) }
        }
        if ctx.isFunction, let own = ctx.ownVariable, own.name == name, own.constant { return .currentFunction }
        guard let parent = ctx.parent, let outer = access(name, in: parent) else { return nil }
        let source: CaptureSource
        let declaration: Variable?
        switch outer {
        case .local(let v):
            if v.cell < 0 {
                v.cell = parent.cellCount
                parent.cellCount += 1
            }
            source = .cell(v)
            declaration = v
        case .upvalue(let i, let v):
            source = .upvalue(i)
            declaration = v
        case .currentFunction:
            source = .function
            declaration = nil
        }
        if let i = ctx.captures.firstIndex(of: source) { return .upvalue(i, declaration) }
        ctx.captures.append(source)
        return .upvalue(ctx.captures.count - 1, declaration)
    }
}

/// Where a function finds one captured variable when it is made: in the making frame's cells, among the
/// making function's own captures, or the making function itself.
enum CaptureSource: Equatable {
    case cell(Variable)
    case upvalue(Int)
    case function

    static func == (a: CaptureSource, b: CaptureSource) -> Bool {
        switch (a, b) {
        case (.cell(let x), .cell(let y)): return x === y
        case (.upvalue(let x), .upvalue(let y)): return x == y
        case (.function, .function): return true
        default: return false
        }
    }

    /// The box this source names in `frame`, the frame making the function.
    func box(in frame: Frame) -> Box {
        switch self {
        case .cell(let v): return frame.cells[v.cell]
        case .upvalue(let i): return frame.captures[i]
        case .function: return Box(frame.function.map { .function($0) } ?? .null)
        }
    }
}
