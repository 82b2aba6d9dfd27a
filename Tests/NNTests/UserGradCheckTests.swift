import NN
import TensorEngine
import Testing

/// `gradcheck` for users: accepts right gradients and names the worst element of wrong ones.
@Suite(.serialized) struct UserGradCheckTests {
    @Test func acceptsCorrectGradients() throws {
        seed(1)
        let x = try Tensor.randn([4, 3]), w = try Tensor.randn([2, 3]), b = try Tensor.randn([2])
        #expect(try gradcheck({ try Tensor.linear($0[0], weight: $0[1], bias: $0[2]).tanh().sum() }, [x, w, b]))
        // A non-scalar result is checked through a fixed random projection.
        #expect(try gradcheck({ try $0[0].exp() * $0[1] }, [try Tensor.randn([3, 2]), try Tensor.randn([3, 2])]))
        let labels = Tensor([0, 2, 1, 1])
        #expect(try gradcheck({ try Loss.crossEntropy($0[0], labels) }, [try Tensor.randn([4, 3])]))
    }

    @Test func namesTheElementThatDisagreesMost() throws {
        // Autograd sees d(x · c)/dx = c with c = x frozen, but the true derivative of x² is 2x: the
        // largest |x| disagrees most.
        let x = try Tensor([[0.5, -1], [3, 1.5]])
        do {
            try gradcheck({ try ($0[0] * $0[0].detach()).sum() }, [x], eps: 0.25)   // exact in Float
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.kind == .value)
            #expect(e.message == "gradcheck: input 0, element [1, 0]: backward() gives 3 but finite differences give 6 (atol 1e-05, rtol 0.001); 4 of 4 elements disagree")
        }
    }

    @Test func namesTheInputToo() throws {
        let a = Tensor([1, 2]), b = Tensor([0.5, 0.25])
        // Correct for a, wrong for b (its gradient is dropped by detach).
        #expect(throws: TensorError.self) { try gradcheck({ try ($0[0] * $0[1].detach() + $0[1].exp()).sum() }, [a, b]) }
        do {
            try gradcheck({ try ($0[0] * $0[1].detach()).sum() }, [a, b], eps: 0.25)
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.message == "gradcheck: input 1, element [1]: backward() gives 0 but finite differences give 2 (atol 1e-05, rtol 0.001); 2 of 4 elements disagree")
        }
    }

    @Test func aResultWithoutHistoryHasZeroAnalyticGradients() throws {
        #expect(throws: TensorError.self) { try gradcheck({ try $0[0].detach().sum() * 2 }, [Tensor([1, 2])]) }
        // A function that truly does not depend on its input passes.
        #expect(try gradcheck({ _ in Tensor(3) }, [Tensor([1, 2])]))
    }

    @Test func worksInsideNoGradAndLeavesTheModeAlone() throws {
        let ok = try noGrad { try gradcheck({ try $0[0].pow(3).sum() }, [Tensor([0.5, 1.5])]) }
        #expect(ok)
        #expect(Autograd.isEnabled)
        // The caller's tensors are untouched.
        let x = Tensor([1, 2])
        _ = try gradcheck({ try $0[0].sin().sum() }, [x])
        #expect(x.grad == nil && !x.requiresGrad)
    }

    @Test func argumentErrors() throws {
        #expect(throws: TensorError.self) { try gradcheck({ $0[0].sum() }, []) }
        #expect(throws: TensorError.self) { try gradcheck({ $0[0].sum() }, [Tensor([1])], eps: 0) }
        #expect(throws: TensorError.self) { try gradcheck({ $0[0].sum() }, [Tensor([1])], atol: -1) }
        // A function whose output shape changes between calls.
        var calls = 0
        #expect(throws: TensorError.self) {
            try gradcheck({ x in calls += 1; return try calls == 1 ? x[0].sum() : x[0] * 1 }, [Tensor([1, 2])])
        }
    }
}
