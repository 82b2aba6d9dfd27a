import Script

/// Declarations of builtins whose defaults are the engine's own (`Adam.Defaults.beta1`, …), so that
/// each default is written once, on the NN type, and `help` shows what the engine uses.
extension Signature.Parameter {
    /// A Float default, shown and passed as the shortest decimal that reads back as it (0.9, not
    /// 0.8999999762), so that converting the argument back to Float gives the engine's value exactly.
    static func defaulted(_ label: String, engine value: Float) -> Self { .defaulted(label, .number(Convert.decimal(value))) }

    static func defaulted(_ label: String, engine value: Double) -> Self { .defaulted(label, .number(value)) }

    static func defaulted(_ label: String, engine value: Int) -> Self { .defaulted(label, .number(Double(value))) }

    static func defaulted(_ label: String, engine value: Bool) -> Self { .defaulted(label, .bool(value)) }

    /// An option's default, by the name the language spells it with.
    static func defaulted<Option: RawRepresentable<String>>(_ label: String, engine value: Option) -> Self {
        .defaulted(label, .string(value.rawValue))
    }
}
