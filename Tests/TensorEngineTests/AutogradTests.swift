import Foundation
import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct AutogradBehaviour {
        @Test func gradientsAccumulateOverTwoBackwardCalls() throws {
            let x = try tensor([1, 2, 3], [3], requiresGrad: true)
            try (x * 2).sum().backward()
            #expect(x.grad?.values == [2, 2, 2])
            try (x * x).sum().backward()   // adds 2x
            #expect(x.grad?.values == [4, 6, 8])
            #expect(x.grad?.shape == [3])
        }

        @Test func zeroGradClears() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            try (x * 3).sum().backward()
            #expect(x.grad != nil)
            x.zeroGrad()
            #expect(x.grad == nil)
            try (x * 5).sum().backward()
            #expect(x.grad?.values == [5, 5])
        }

        @Test func detachStopsGradients() throws {
            let x = try tensor([1, 2, 3], [3], requiresGrad: true)
            let d = x.detach()
            #expect(!d.tracksGrad && d.gradFn == nil && !d.requiresGrad)
            #expect(d.values == x.values)
            try (x * d).sum().backward()   // only the tracked factor: d(x * c)/dx = c
            #expect(x.grad?.values == [1, 2, 3])
            // A detached intermediate cuts the whole path behind it.
            let w = try tensor([2], [1], requiresGrad: true)
            let h = try (w * w).detach()
            #expect(throws: TensorError.self) { try (h * 3).sum().backward() }
            #expect(w.grad == nil)
        }

        @Test func noGradRecordsNothing() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            let y = try noGrad { try (x * x).exp().sum() }
            #expect(y.gradFn == nil && !y.tracksGrad)
            expectError(.value) { try y.backward() }
            #expect(x.grad == nil)
            #expect(Autograd.isEnabled)
            // Nested blocks restore the state each found; a throwing block restores it too.
            noGrad {
                noGrad { #expect(!Autograd.isEnabled) }
                #expect(!Autograd.isEnabled)
            }
            #expect(Autograd.isEnabled)
            #expect(throws: TensorError.self) { try noGrad { _ = try x.reshape([3]) } }
            #expect(Autograd.isEnabled)
            #expect(noGrad { 42 } == 42)
            // Outside the block recording resumes.
            #expect(try (x * 2).gradFn?.name == "mul")
        }

        @Test func aTensorUsedTwiceGetsTheSummedGradient() throws {
            let x = try tensor([1, -2, 3], [3], requiresGrad: true)
            try (x * x + x).sum().backward()   // 2x + 1
            #expect(x.grad?.values == [3, -3, 7])
            let y = try tensor([0.5], [1], requiresGrad: true)
            try (y + y + y).sum().backward()
            #expect(y.grad?.values == [3])
            // Reuse through two different paths of a graph (a diamond).
            let z = try tensor([2], [1], requiresGrad: true)
            let h = try z.exp()
            try (h * h.sin()).sum().backward()
            let e = Foundation.exp(2.0)
            #expect(isClose(z.grad!.values, [e * Foundation.sin(e) + e * e * Foundation.cos(e)], rtol: 1e-5))
        }

        @Test func onlyLeavesThatRequireGradientsGetOne() throws {
            let x = try tensor([1, 2], [2]), w = try tensor([3, 4], [2], requiresGrad: true)
            let h = try x * w
            try (h * 2).sum().backward()
            #expect(w.grad?.values == [2, 4])
            #expect(x.grad == nil)
            #expect(h.grad == nil)   // intermediates keep no gradient
        }

        @Test func backwardWithAnExplicitGradient() throws {
            let x = try tensor([1, 2, 3, 4, 5, 6], [2, 3], requiresGrad: true)
            let y = try x * x
            try y.backward(gradient: try tensor([1, 0, -1, 2, 0.5, 0], [2, 3]))
            #expect(x.grad?.values == [2, 0, -6, 16, 5, 0])
            // The same as backward() on sum(y * g).
            let x2 = try tensor([1, 2, 3, 4, 5, 6], [2, 3], requiresGrad: true)
            try ((x2 * x2) * (try tensor([1, 0, -1, 2, 0.5, 0], [2, 3]))).sum().backward()
            #expect(x2.grad?.values == x.grad?.values)
            // A leaf itself: the gradient lands as given.
            let leaf = try tensor([1, 2], [2], requiresGrad: true)
            try leaf.backward(gradient: try vector([7, 8]))
            #expect(leaf.grad?.values == [7, 8])
        }

        @Test func backwardNeedsAGradientForNonScalars() throws {
            let x = try tensor([1, 2, 3], [3], requiresGrad: true)
            let e = expectError(.value) { try (x * 2).backward() }
            #expect(e?.message.contains("[3]") == true)
            expectError(.shape) { try (x * 2).backward(gradient: try Tensor.ones([2])) }
            // A one-element tensor of any rank has an implicit gradient.
            let one = try tensor([2], [1, 1], requiresGrad: true)
            try (one * 3).backward()
            #expect(one.grad?.values == [3])
            // Nothing to differentiate.
            expectError(.value) { try (try vector([1]) * 2).sum().backward() }
        }

        @Test func theGraphIsFreedAfterBackward() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            let loss = (try x.exp() * 2).sum()
            try loss.backward()
            // A second pass through the freed graph fails loudly, naming the op and the remedy.
            let e = expectError(.value) { try loss.backward() }
            #expect(e?.message.contains("retainGraph") == true)
            #expect(loss.gradFn?.name == "sum")
            #expect(loss.gradFn?.inputs.isEmpty == true)
            #expect(x.grad?.values == x.values.map { 2 * expf($0) })   // the failed pass added nothing
        }

        @Test func retainGraphAllowsASecondPass() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            let loss = try (x * x).sum()
            try loss.backward(retainGraph: true)
            try loss.backward()
            #expect(x.grad?.values == [4, 8])
            expectError(.value) { try loss.backward() }
        }

        @Test func backwardReleasesIntermediates() throws {
            let x = try tensor([1, 2, 3], [3], requiresGrad: true)
            weak var intermediate: Tensor?
            weak var retained: Tensor?
            let loss: Tensor, kept: Tensor
            do {
                let h = try x.exp()
                intermediate = h
                loss = (try h * 3).sum()
                let h2 = try x.sin()
                retained = h2
                kept = (try h2 * 3).sum()
            }
            #expect(intermediate != nil)   // held by the graph
            try loss.backward()
            #expect(intermediate == nil)   // released with the graph
            try kept.backward(retainGraph: true)
            #expect(retained != nil)       // still held for a second pass
            #expect(loss.values.count == 1)
        }

        @Test func aDeepChainBackpropagates() throws {
            let x = try tensor([1], [1], requiresGrad: true)
            var y = x
            for _ in 0..<20_000 { y = try y * 1.0001 }
            try y.sum().backward()
            let expected = Foundation.pow(1.0001, 20_000.0)
            #expect(isClose(x.grad!.values, [expected], rtol: 1e-3))
        }

        @Test func aDeepChainCanBeDroppedWithoutBackward() throws {
            // Dropping the last tensor frees 20,000 records; a recursive release would overflow the stack.
            let x = try tensor([1], [1], requiresGrad: true)
            weak var last: Tensor?
            do {
                var y = x
                for _ in 0..<20_000 { y = try y * x.exp() + x }
                last = y
            }
            #expect(last == nil)
            // And after a retained backward pass.
            do {
                var y = x
                for _ in 0..<20_000 { y = try y + 1 }
                try y.sum().backward(retainGraph: true)
            }
            #expect(x.grad?.values == [1])
        }

        @Test func interruptStopsBackward() throws {
            struct Stop: Error {}
            let x = try tensor([1], [1], requiresGrad: true)
            let loss = try (x * 2 + 1).sum()
            #expect(throws: Stop.self) { try EngineContext(checkInterrupt: { throw Stop() }).run { try loss.backward() } }
            #expect(throws: Never.self) { try loss.backward(retainGraph: true) }   // outside the context nothing stops it
            #expect(Autograd.isEnabled)
        }

        @Test func recordsNameTheOps() throws {
            let x = try tensor([1, 2], [2], requiresGrad: true)
            #expect(try (x * 2).gradFn?.name == "mul")
            #expect(try (x + x).gradFn?.name == "add")
            #expect(try (x + x).gradFn?.inputs.count == 2)
            #expect(try x.softmax().gradFn?.name == "softmax")
            #expect(x.gradFn == nil && x.tracksGrad)
        }
    }

    @Suite struct CopyOnWrite {
        @Test func aReshapeDoesNotSeeLaterWrites() throws {
            let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
            let b = try a.reshape([3, 2])
            try a.addInPlace(try Tensor.ones([2, 3]))
            #expect(a.values == [2, 3, 4, 5, 6, 7])
            #expect(b.values == [1, 2, 3, 4, 5, 6])
            try a.fill(0)
            #expect(a.values == Array(repeating: 0, count: 6))
            #expect(b.values == [1, 2, 3, 4, 5, 6])
            // Writing through the reshape leaves the original alone as well.
            try b.scaleInPlace(10)
            #expect(b.values == [10, 20, 30, 40, 50, 60])
            #expect(a.values == Array(repeating: 0, count: 6))
        }

        @Test func detachedAndCopiedTensorsAreIndependent() throws {
            let a = try vector([1, 2, 3])
            let d = a.detach(), c = try a.copy()
            try a.assign(try vector([7, 8, 9]))
            #expect(d.values == [1, 2, 3] && c.values == [1, 2, 3])
            try d.withUnsafeMutableValues { $0[0] = 100 }
            #expect(a.values == [7, 8, 9])
            #expect(d.values == [100, 2, 3])
            try a.addInPlace(try vector([1, 1, 1]), alpha: -2)
            #expect(a.values == [5, 6, 7])
            #expect(a.withUnsafeValues { Array($0) } == [5, 6, 7])
        }

        @Test func valuesSavedForBackwardSurviveInPlaceUpdates() throws {
            let x = try tensor([1, 2, 3], [3], requiresGrad: true)
            let w = try tensor([4, 5, 6], [3], requiresGrad: true)
            let y = try x * w
            try w.addInPlace(try vector([100, 100, 100]))
            try x.fill(-1)
            try y.sum().backward()
            #expect(x.grad?.values == [4, 5, 6])   // the old w
            #expect(w.grad?.values == [1, 2, 3])   // the old x
        }

        @Test func valuesSavedByOtherOpsSurviveInPlaceUpdates() throws {
            // Saved inputs (sin, matmul, division), saved outputs (exp, softmax), and a written output.
            let x = try tensor([0.5, 1, 1.5], [3], requiresGrad: true)
            let s = try x.sin(), e = try x.exp(), sm = try x.softmax()
            let m = try tensor([1, 2, 3, 4, 5, 6], [3, 2], requiresGrad: true)
            let p = try x.matmul(m)
            let q = try Tensor(1) / x
            try x.fill(9)
            try m.fill(0)
            try e.fill(0)
            try sm.fill(0)
            let x0: [Double] = [0.5, 1, 1.5]
            try s.sum().backward()
            #expect(isClose(x.grad!.values, x0.map { Foundation.cos($0) }))
            x.zeroGrad()
            try e.sum().backward()
            #expect(isClose(x.grad!.values, x0.map { Foundation.exp($0) }))
            x.zeroGrad()
            try p.backward(gradient: try vector([1, 1]))
            #expect(x.grad?.values == [3, 7, 11])
            #expect(m.grad?.values == [0.5, 0.5, 1, 1, 1.5, 1.5])
            x.zeroGrad()
            try q.sum().backward()
            #expect(isClose(x.grad!.values, x0.map { -1 / ($0 * $0) }))
            x.zeroGrad()
            try (sm * (try vector([1, 0, 0]))).sum().backward()
            let ex = x0.map { Foundation.exp($0) }, z = ex.reduce(0, +)
            let soft = ex.map { $0 / z }
            #expect(isClose(x.grad!.values, [soft[0] * (1 - soft[0]), -soft[0] * soft[1], -soft[0] * soft[2]], rtol: 1e-5))
        }

        @Test func gradientsOfDifferentLeavesDoNotShareWrites() throws {
            let a = try vector([1, 2]).detachedLeaf(), b = try vector([3, 4]).detachedLeaf()
            try (a + b).sum().backward()
            try a.grad?.scaleInPlace(5)
            #expect(a.grad?.values == [5, 5])
            #expect(b.grad?.values == [1, 1])
        }

        @Test func anOptimizerStepKeepsTheParameter() throws {
            let w = try vector([1, 2]).detachedLeaf()
            try (w * w).sum().backward()
            try noGrad { try w.addInPlace(w.grad!, alpha: -0.25) }
            #expect(w.values == [0.5, 1])
            #expect(w.requiresGrad && w.gradFn == nil)
            w.zeroGrad()
            try (w * 2).sum().backward()
            #expect(w.grad?.values == [2, 2])
        }
    }
}
