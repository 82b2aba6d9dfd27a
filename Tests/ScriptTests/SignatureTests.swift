import Testing
@testable import Script

/// A builtin declared once binds its arguments by label, fills in its defaults, and writes its own
/// call form and errors from the declaration.
@Suite struct SignatureTests {
    let signature = Signature("fit", ["model", .optional("data", shown: "none"), .defaulted("epochs", 10), .defaulted("verbose", true)],
                              "trains the model.")

    func bind(_ positional: [Value], _ labelled: [(String, Value)] = [], to signature: Signature? = nil) throws -> BoundArguments {
        try BoundArguments(Arguments(positional, labelled: labelled.map { (label: $0.0, value: $0.1) }), to: signature ?? self.signature)
    }

    @Test func theCallFormShowsRequiredParametersByPositionAndTheRestWithDefaults() {
        #expect(signature.callForm == "fit(model, data: none, epochs: 10, verbose: true)")
        #expect(signature.documentation == "fit(model, data: none, epochs: 10, verbose: true) — trains the model.")
        #expect(Signature("print", [.variadic("values"), .defaulted("to", "stdout")], "").documentation == "print(values..., to: \"stdout\")")
    }

    @Test func argumentsAreReadByLabelWithDefaultsFilledIn() throws {
        let a = try bind([.number(1)], [("verbose", .bool(false))])
        #expect(try a.number("model") == 1)
        let data = try a["data"]
        #expect(data == nil)
        #expect(try a.integer("epochs") == 10)
        #expect(try a.boolean("verbose") == false)
        let b = try bind([.number(1), .string("d"), .number(3)])
        #expect(try b.string("data") == "d")
        #expect(try b.integer("epochs") == 3)
    }

    @Test func mistakesNameTheFunctionAndTheParameter() {
        func message(_ body: () throws -> Any) -> String? {
            do { _ = try body(); return nil } catch { return (error as? ScriptError)?.description }
        }
        #expect(message { try bind([]) } == "TypeError: fit is missing its argument 'model'")
        #expect(message { try bind([.number(1)], [("epoch", .number(2))]) }
                    == "TypeError: fit has no parameter 'epoch' (parameters: model, data, epochs, verbose)")
        #expect(message { try bind([.number(1)], [("model", .number(2))]) } == "TypeError: fit got 'model' twice")
        #expect(message { try bind([1, 2, 3, 4, 5].map { Value.number($0) }) }
                    == "TypeError: fit takes at most 4 arguments (model, data, epochs, verbose), got 5")
        #expect(message { try bind([.number(1)]).string("epochs") } == "TypeError: epochs must be a string, not a number")
        #expect(message { try bind([.number(1)]).value("missing") } == "InternalError: fit read an undeclared parameter 'missing'")
        #expect(message { try bind([.number(1)], to: Signature("clock", [], "")) } == "TypeError: clock takes no arguments")
    }

    @Test func aVariadicParameterCollectsTheRemainingPositionalArguments() throws {
        let print = Signature("print", [.variadic("values"), .defaulted("separator", " ")], "")
        let a = try bind([.number(1), .number(2), .number(3)], [("separator", .string(","))], to: print)
        #expect(try a.sequence("values").map(\.text) == ["1", "2", "3"])
        #expect(try a.string("separator") == ",")
        #expect(try bind([], to: print).sequence("values").isEmpty)
        // Bound by position only, the rest are kept as given, and read as a list when asked for.
        let byPosition = try bind([.number(4), .number(5)], to: print)
        #expect(try byPosition.sequence("values").map(\.text) == ["4", "5"])
        #expect(try byPosition.value("values").repr == "[4, 5]")
        #expect(try byPosition.string("separator") == " ")
        #expect(throws: ScriptError.self) { try bind([], [("values", .number(1))], to: print) }
    }
}
