import Testing
import TensorEngine

extension TensorEngine {
    /// `Tensor.gradients` (PyTorch's `torch.autograd.grad`) and gradient hooks.
    @Suite struct Gradients {
        @Test func gradientsAreReturnedWithoutTouchingGrad() throws {
            let x = try tensor([1, 2, 3], [3], requiresGrad: true)
            let y = try (x * x).sum()
            let g = try Tensor.gradients(of: [y], withRespectTo: [x])
            #expect(g[0]?.values == [2, 4, 6])
            #expect(x.grad == nil)
        }

        @Test func anIntermediateTensorGetsItsGradient() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            let z = try x * 3
            let y = try (z * z).sum()
            let g = try Tensor.gradients(of: [y], withRespectTo: [z, x], retainGraph: true)
            #expect(g[0]?.values == [6, 12])   // 2z
            #expect(g[1]?.values == [18, 36])  // 2z · 3
            // The graph was kept: backward still goes through it.
            try y.backward()
            #expect(x.grad?.values == [18, 36])
        }

        @Test func severalOutputsWithTheirGradients() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            let a = try x * 2, b = try x * x
            let g = try Tensor.gradients(of: [a, b], withRespectTo: [x],
                                         gradOutputs: [try tensor([1, 1], [2]), try tensor([1, 10], [2])])
            #expect(g[0]?.values == [2 + 2, 2 + 40])
        }

        @Test func anUnusedInputIsAnErrorUnlessAllowed() throws {
            let x = try tensor([1], [1], requiresGrad: true), unused = try tensor([1], [1], requiresGrad: true)
            let y = try (x * 2).sum()
            #expect(throws: TensorError.self) { try Tensor.gradients(of: [y], withRespectTo: [unused], retainGraph: true) }
            let g = try Tensor.gradients(of: [y], withRespectTo: [x, unused], allowUnused: true)
            #expect(g[0]?.values == [2] && g[1] == nil)
        }

        @Test func badArgumentsAreClearErrors() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            #expect(throws: TensorError.self) { try Tensor.gradients(of: [try x * 2], withRespectTo: [x]) }   // not one element
            #expect(throws: TensorError.self) { try Tensor.gradients(of: [try tensor([1], [1])], withRespectTo: [x]) }
            #expect(throws: TensorError.self) { try Tensor.gradients(of: [try (x * 2).sum()], withRespectTo: [try tensor([1], [1])]) }
        }

        @Test func aHookSeesAndReplacesTheGradient() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            var seen: [Float] = []
            let hook = x.registerHook { g in
                seen = g.values
                return try g * 10
            }
            try (x * 3).sum().backward()
            #expect(seen == [3, 3])
            #expect(x.grad?.values == [30, 30])
            x.removeHook(hook)
            x.zeroGrad()
            try (x * 3).sum().backward()
            #expect(x.grad?.values == [3, 3])
        }

        @Test func aHookOnAnIntermediateTensorChangesWhatFlowsOn() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            let z = try x * 2
            z.registerHook { _ in try Tensor.zeros([2]) }
            try (z * z).sum().backward()
            #expect(x.grad?.values == [0, 0])
        }

        @Test func aHookReturningAnotherShapeIsAnError() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            x.registerHook { _ in try Tensor.zeros([3]) }
            #expect(throws: TensorError.self) { try (x * 2).sum().backward() }
        }
    }
}
