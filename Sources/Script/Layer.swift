/// A user-defined layer type, from `layer Name(params) { … }`; calling it makes an `Instance`.
public final class LayerType: Callable {
    public let name: String
    /// The constructor: binds the parameters, runs the body, whose fields are frame slots.
    let constructor: FunctionTemplate
    /// Field names, their slots and whether they are constants (`let`), in declaration order
    /// (parameters first).
    let fields: [(name: String, slot: Int, constant: Bool)]
    let selfSlot: Int
    let captured: Frame?

    init(name: String, constructor: FunctionTemplate, fields: [(name: String, slot: Int, constant: Bool)], selfSlot: Int, captured: Frame?) {
        self.name = name
        self.constructor = constructor
        self.fields = fields
        self.selfSlot = selfSlot
        self.captured = captured
    }

    public func call(_ arguments: Arguments, _ vm: Interpreter) throws -> Value {
        let instance = Instance(type: self)
        let function = UserFunction(constructor, captured: captured)
        _ = try function.invoke(arguments, vm) { frame in
            instance.frame = frame
            frame.slots[self.selfSlot] = .instance(instance)
        }
        return .instance(instance)
    }
}

/// An instance of a user-defined layer: its fields live in the frame its constructor ran in, which
/// its methods captured, so methods see fields as plain variables.
public final class Instance {
    public let type: LayerType
    var frame: Frame!
    /// Host data attached to the instance (for example its adapter to the engine's module protocol).
    public var hostData: AnyObject?

    init(type: LayerType) { self.type = type }

    /// The fields in declaration order, with their current values.
    public var fields: [(name: String, value: Value)] {
        type.fields.map { ($0.name, frame.slots[$0.slot]) }
    }

    /// A field's value, or nil when there is no such field.
    public func field(_ name: String) -> Value? {
        type.fields.first { $0.name == name }.map { frame.slots[$0.slot] }
    }

    /// Sets an existing field; returns false when there is none of that name. A constant field
    /// (declared with `let`) is a TypeError.
    public func setField(_ name: String, _ value: Value) throws -> Bool {
        guard let f = type.fields.first(where: { $0.name == name }) else { return false }
        guard !f.constant else {
            throw ScriptError("TypeError", "cannot assign to '\(name)': it is a constant field of layer \(type.name) (declared with let)")
        }
        frame.slots[f.slot] = value
        return true
    }
}
