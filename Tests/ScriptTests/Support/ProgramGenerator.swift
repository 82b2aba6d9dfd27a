/// Realistic program text of any size, for measuring and scaling the lexer and the parser: each unit
/// mixes declarations, lists, dictionaries, strings with interpolation and escapes, comments, functions
/// with defaults, `if`/`else`, calls and non-ASCII names and text, under names of its own.
enum ProgramGenerator {
    /// The top-level statements one unit holds.
    static let statementsPerUnit = 6

    /// One unit, numbered `i`.
    static func unit(_ i: Int) -> String {
        #"""
        # Step \#(i): the loss of a small model — naïve, to be tuned later
        let größe\#(i) = [1, 2.5, 3e-2, 0x1F, -4]
        var config\#(i) = ["name": "modèle \#(i)", "lr": 0.01, "tags": ["a", "b\t\"c\""]]
        fn train\#(i)(x, steps = 10, rate = 0.5) {
            if x > 0 and steps != 3 {
                print("step \(x) of \(steps): 😀 \(config\#(i)["name"])")   # progress
            } else {
                return x * rate + train\#(i)(x - 1, steps: steps) / 2
            }
            let losses = [x ** 2, (x + 1) % 7, not true]
            losses
        }
        let résultat\#(i) = train\#(i)(größe\#(i)[0], steps: 3)
        print("done: \(résultat\#(i)) über \(größe\#(i).count) Einträge")
        config\#(i)["lr"] = 0.001

        """#
    }

    /// `units` units, one after another.
    static func program(units: Int) -> String {
        var text = ""
        for i in 0..<units { text += unit(i) }
        return text
    }
}
