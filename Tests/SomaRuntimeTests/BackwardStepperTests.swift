import Testing
@testable import Script
@testable import SomaRuntime

/// `stepBackward`: the backward pass one rule at a time, its written-out rules, its quiz and controls.
@Suite struct BackwardStepperTests {
    /// A runtime and what it printed.
    final class Session {
        let runtime = Runtime()
        var output = ""
        init() { runtime.output = { [unowned self] in self.output += $0 } }

        @discardableResult
        func run(_ code: String) throws -> String {
            output = ""
            _ = try runtime.run(code, as: .cell(1))
            return output
        }
    }

    /// micrograd's example: L = (a·b + c)·f.
    let micrograd = """
        let a = tensor(2.0, requiresGrad: true)
        let b = tensor(-3.0, requiresGrad: true)
        let c = tensor(10.0, requiresGrad: true)
        let e = a * b
        let d = e + c
        let f = tensor(-2.0, requiresGrad: true)
        let L = d * f
        """

    @Test func eachStepWritesItsChainRuleWithTheNumbers() throws {
        let s = Session()
        try s.run(micrograd + "\nlet s = stepBackward(L)")
        #expect(try s.run("print(s.rule)") == "∂L/∂L = 1: the backward pass starts at the output, whose gradient with respect to itself is 1\n")
        #expect(try s.run("s.next()\nprint(s.rule)") == """
            step 1 of 3: the rule of mul, with ∂L/∂L = 1
            ∂L/∂d += ∂L/∂L · f = 1 · -2 = -2
            ∂L/∂f += ∂L/∂L · d = 1 · 4 = 4

            """)
        #expect(try s.run("s.next()\ns.next()\nprint(s.rule)") == """
            step 3 of 3: the rule of mul, with ∂L/∂e = -2
            ∂L/∂a += ∂L/∂e · b = -2 · -3 = 6
            ∂L/∂b += ∂L/∂e · a = -2 · 2 = -4
            done: every gradient is in; backward() gives the same

            """)
        #expect(try s.run("print(s.position, s.count, s.done)") == "3 3 true\n")
    }

    @Test func theDrawingPointsAtTheRuleAndShowsTheGradientsSoFar() throws {
        let s = Session()
        try s.run(micrograd + "\nlet s = stepBackward(L)\ns.next()\ns.next()")
        let text = try s.run("print(s)")
        #expect(text.contains("▶ [5] d = add · scalar · data 4 · grad -2 ← [3] e, [4] c"))
        #expect(text.contains("◀ [3] e = mul · scalar · data -6 · grad -2 ← [1] a, [2] b"))
        #expect(text.contains("[1] a · scalar · data 2\n"))  // nothing has reached a yet
        let svg = try s.run("print(s.svg())")
        #expect(svg.contains("class=\"node op current\"") && svg.contains("class=\"node op receiving\""))
        #expect(svg.contains("∂L/∂e += ∂L/∂d · 1 = -2 · 1 = -2"))
        #expect(try s.run("s.previous()\ns.previous()\ns.previous()\nprint(s.position)") == "0\n")
    }

    /// The stepper's gradients are the engine's: at the end each leaf has what backward() gives it, and
    /// stepping changes no grad. Each program ends with `ps`, the tensors that take gradients.
    @Test(arguments: [
        "let x = tensor([1.5, -2.0], requiresGrad: true)\nlet L = (x * x + x * 3).sum()\nlet ps = [x]",
        "let x = tensor([[1.0, 2.0], [3.0, 4.0]], requiresGrad: true)\nlet w = tensor([0.5, -1.0], requiresGrad: true)\nlet L = tanh(x * w + 1).mean()\nlet ps = [x, w]",
        "seed(3)\nlet m = Sequential(Linear(3, 5), ReLU(), Linear(5, 1))\nlet L = mse(m(randn([4, 3])), ones([4, 1]))\nlet ps = m.parameters()",
        "let a = tensor(0.5, requiresGrad: true)\nlet L = exp(a) * log(a + 2) / sigmoid(a) - a ** 3\nlet ps = [a]",
    ])
    func theLastStepHoldsTheGradientsBackwardGives(_ program: String) throws {
        let s = Session()
        let out = try s.run(program + """

            let s = stepBackward(L)
            s.end()
            let untouched = ps.map(fn(p) { p.grad == nil })
            let mine = ps.map(fn(p) { s.grad(p) })
            L.backward()
            var worst = 0
            for i in 0..<len(ps) { worst = max(worst, (ps[i].grad - mine[i]).abs().max().item()) }
            print(all(untouched), worst)
            """)
        #expect(out == "true 0\n")
    }

    @Test func aQuizHidesTheFarthestGradientUntilItIsAnswered() throws {
        let s = Session()
        try s.run(micrograd + "\nlet q = stepBackward(L, quiz: true)\nq.end()")
        #expect(try s.run("print(q)").contains("◀ [2] b · scalar · data -3 · grad ?"))
        #expect(throws: ScriptError.self) { try s.run("q.grad(b)") }
        #expect(try s.run("print(q.answer(4))") == "not yet: ∂L/∂b is not 4. Look at step 3 (mul): ∂L/∂b = ∂L/∂e · ∂e/∂b.\nfalse\n")
        #expect(try s.run("print(q.answer(-4))") == "right: ∂L/∂b = -4\ntrue\n")
        #expect(try s.run("print(q)").contains("[2] b · scalar · data -3 · grad -4"))
        try s.run("let r = stepBackward(L, quiz: c)\nr.end()")
        #expect(try s.run("print(r)").contains("[4] c · scalar · data 10 · grad ?"))
        #expect(try s.run("print(r.answer(-2.0004))") == "right: ∂L/∂c = -2\ntrue\n")
    }

    @Test func anInfiniteGradientIsAnsweredByInfinity() throws {
        // √x has an infinite slope at 0.
        let s = Session()
        try s.run("let x = tensor(0.0, requiresGrad: true)\nlet L = x.sqrt()\nlet q = stepBackward(L, quiz: x)\nq.end()")
        #expect(try s.run("print(q.answer(1e30))").hasSuffix("false\n"))
        #expect(try s.run("print(q.answer(-inf))").hasSuffix("false\n"))
        #expect(try s.run("print(q.answer(inf))").hasSuffix("true\n"))
    }

    @Test func aTensorUsedTwiceAddsWhatEachUseGives() throws {
        let s = Session()
        try s.run("let x = tensor(3.0, requiresGrad: true)\nlet y = x * x\nlet q = stepBackward(y, quiz: true)")
        #expect(try s.run("q.next()\nprint(q.rule)") == "step 1 of 1: the rule of mul, with ∂L/∂y = 1\n∂L/∂x += ∂L/∂y · x = 1 · 3 = 3\n∂L/∂x += ∂L/∂y · x = 1 · 3 = 3\ndone: every gradient is in; backward() gives the same\n")
        #expect(try s.run("print(q.answer(6))") == "right: ∂L/∂x = 6\ntrue\n")
    }

    @Test func errorsNameTheProblem() throws {
        let s = Session()
        try s.run(micrograd)
        for (code, message) in [
            ("stepBackward(3)", "stepBackward: expected a tensor, not a number"),
            ("stepBackward(tensor([1.0, 2.0], requiresGrad: true) * 2)", "stepBackward: a tensor of shape [2] needs an explicit gradient (only one-element tensors have an implicit one)"),
            ("stepBackward(tensor(1.0))", "stepBackward: this tensor does not require gradients (no input had requiresGrad)"),
            ("stepBackward(L, quiz: tensor(1.0))", "stepBackward's quiz: this tensor is not in the graph of the backward pass"),
            ("stepBackward(L).answer(1)", "answer: no gradient is hidden; make the stepper with stepBackward(loss, quiz: true)"),
            ("L.backward()\nstepBackward(L)", "stepBackward: the graph through 'mul' was freed by backward(); step through it before calling backward(), or call backward(retainGraph: true)"),
        ] {
            do {
                try s.run(code)
                Issue.record("no error from \(code)")
            } catch let e as ScriptError {
                #expect(e.message == message)
            }
        }
    }

    @Test func playStepsWithEnterAndGoesBackWithP() throws {
        let s = Session()
        var answers = ["", "", "p", "q"]
        s.runtime.inputHandler = { _ in answers.isEmpty ? "q" : answers.removeFirst() }
        try s.run(micrograd + "\nlet s = stepBackward(L)\ns.play()\nprint(\"at\", s.position)")
        #expect(s.output.hasSuffix("at 1\n"))
        #expect(s.output.components(separatedBy: "graph: 7 nodes").count == 5)  // shown at 0, 1, 2, 1
    }
}
