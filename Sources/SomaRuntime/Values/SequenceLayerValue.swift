import NN
import Script
import TensorEngine

/// A value of the language that stands for an engine module (so `parameters()`, training modes and
/// layer nesting can reach it), for wrappers other than `ModuleValue`.
protocol ModuleBacked: AnyObject {
    var module: any Module { get }
}

/// An engine layer whose call or members go beyond one tensor in, one tensor out: recurrent layers
/// (calling returns `[outputs, state]`), attention (cross-attention, `step` with a KV cache) and the
/// mixture of experts (`auxLoss`).
///
/// Everything a `ModuleValue` offers works the same: `parameters()`, `train()`, `eval()`, the parameter
/// and child fields, and the text form.
final class SequenceLayerValue<Layer: Module>: ScriptObject, ModuleBacked {
    let layer: Layer
    var module: any Module { layer }
    private let invoke: (Arguments, Interpreter) throws -> Value
    /// The members this kind of layer has beyond every module's (`step`, `heads`, `auxLoss`).
    private let extras: MemberTable<Layer>

    /// `invoke` handles calls; `extras` adds members (methods or properties).
    init(_ layer: Layer, extras: MemberTable<Layer> = MemberTable([]), invoke: @escaping (Arguments, Interpreter) throws -> Value) {
        self.layer = layer
        self.extras = extras
        self.invoke = invoke
    }

    var typeName: String { String(describing: type(of: module)) }
    var text: String { Describe.module(module) }

    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        try invoke(arguments, interpreter)
    }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        if let extra = try extras.get(layer, name) { return extra }
        return try ModuleMembers.member(module, name) ?? ModuleMembers.field(module, name)
    }

    func invoke(_ member: MemberSite, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
        if let v = try extras.invoke(layer, member, arguments, interpreter) { return v }
        if let v = try ModuleMembers.table.invoke(module, member, arguments, interpreter) { return v }
        guard let field = try self.member(member.name, interpreter) else { return nil }
        return try interpreter.call(field, arguments)
    }

    var memberNames: [String] {
        ModuleMembers.names + extras.names + ModuleMembers.fieldNames(module)
    }
}
