/// What the compiler knows of a `layer` declaration: its constructor and its fields.
struct LayerShape {
    let name: String
    /// The constructor: binds the parameters, runs the body, whose declarations are the fields.
    let constructor: FunctionTemplate
    /// Field names and their variables in the constructor's frame, in declaration order (parameters first).
    let fields: [(name: String, variable: Variable)]
    /// The cell of the constructor frame that holds `self`.
    let selfCell: Int
}

/// A user-defined layer type, from `layer Name(params) { … }`; calling it makes an `Instance`.
public final class LayerType: Callable {
    let shape: LayerShape
    let captures: [Box]
    public var name: String { shape.name }
    var constructor: FunctionTemplate { shape.constructor }
    var fields: [(name: String, variable: Variable)] { shape.fields }

    init(_ shape: LayerShape, captures: [Box]) {
        self.shape = shape
        self.captures = captures
    }

    public func call(_ arguments: Arguments, _ vm: Interpreter) throws -> Value {
        let instance = Instance(type: self)
        let function = UserFunction(constructor, captures: captures)
        _ = try function.invoke(arguments, vm) { frame in
            instance.frame = frame
            frame.cells[self.shape.selfCell].instance = instance
        }
        return .instance(instance)
    }
}

/// An instance of a user-defined layer: its fields live in the frame its constructor ran in, whose
/// boxes its methods captured, so methods see fields as plain variables.
public final class Instance {
    public let type: LayerType
    var frame: Frame!
    /// Host data attached to the instance (for example its adapter to the engine's module protocol).
    public var hostData: AnyObject?

    init(type: LayerType) { self.type = type }

    /// Layers nested in layers 100,000 deep are freed without recursion (see `DeepRelease`).
    deinit { frame.map { DeepRelease.take(&$0.slots) } }

    /// The fields in declaration order, with their current values.
    public var fields: [(name: String, value: Value)] {
        type.fields.map { ($0.name, $0.variable.read(frame)) }
    }

    /// A field's value, or nil when there is no such field.
    public func field(_ name: String) -> Value? {
        type.fields.first { $0.name == name }.map { $0.variable.read(frame) }
    }

    /// Sets an existing field; returns false when there is none of that name. A constant field
    /// (declared with `let`) is a TypeError.
    public func setField(_ name: String, _ value: Value) throws -> Bool {
        guard let f = type.fields.first(where: { $0.name == name }) else { return false }
        guard !f.variable.constant else {
            throw ScriptError("TypeError", "cannot assign to '\(name)': it is a constant field of layer \(type.name) (declared with let)")
        }
        f.variable.write(value, frame)
        return true
    }

    /// Stores nil in a variable field for a moment, so that a value read from it has no other holder
    /// (see `Update.run`); does nothing to a constant field or a name that is not a field.
    func releaseField(_ name: String) {
        guard let f = type.fields.first(where: { $0.name == name }), !f.variable.constant else { return }
        f.variable.write(.null, frame)
    }
}
