import Testing
import TensorEngine

/// Every bad shape, index or argument must throw a TensorError of the right kind, never trap.
extension TensorEngine {
    @Suite struct Errors {
        let m = random([3, 4], seed: 120)

        @Test func mismatchedBroadcastNamesBothShapes() throws {
            let a = random([3, 4], seed: 121), b = random([5], seed: 122)
            let ops: [(String, () throws -> Tensor)] = [
                ("add", { try a + b }), ("sub", { try a - b }), ("mul", { try a * b }), ("div", { try a / b }),
                ("pow", { try a.pow(b) }), ("minimum", { try a.minimum(b) }), ("maximum", { try a.maximum(b) }),
                ("<", { try a < b }), ("==", { try a == b }),
            ]
            for (name, op) in ops {
                let e = expectError(.shape, op)
                #expect(e?.message == "\(name): shapes [3, 4] and [5] cannot be broadcast (dimension 1: 4 vs 5)")
            }
            let e = expectError(.shape) { try random([2, 3], seed: 1) + random([3, 2], seed: 2) }
            #expect(e?.message.contains("[2, 3]") == true && e?.message.contains("[3, 2]") == true)
            expectError(.shape) { try Tensor.where(try Tensor.ones([3]), a, b) }
            expectError(.shape) { try a.expand(to: [3, 5]) }
            expectError(.shape) { try random([3], seed: 3).expand(to: [3, 1]) }
            expectError(.shape) { try a.maskedFill(try Tensor.ones([2, 1, 4]), 0) }   // would grow a
        }

        @Test func matmulShapes() throws {
            let e = expectError(.shape) { try Tensor.zeros([4, 2]).matmul(try Tensor.zeros([3, 8])) }
            #expect(e?.message == "matmul: [4, 2] @ [3, 8] — inner dimensions 2 and 3 differ")
            expectError(.shape) { try Tensor(1).matmul(m) }
            expectError(.shape) { try m.matmul(try vector([1, 2, 3])) }
            expectError(.shape) { try vector([1, 2]).matmul(try vector([1, 2, 3])) }
            expectError(.shape) { try random([2, 3, 4], seed: 4).matmul(random([3, 4, 5], seed: 5)) }   // batch 2 vs 3
        }

        @Test func reshapeToAWrongCount() throws {
            let e = expectError(.shape) { try m.reshape([5, 2]) }
            #expect(e?.message.contains("[3, 4]") == true && e?.message.contains("[5, 2]") == true)
            expectError(.shape) { try m.reshape([-1, 5]) }
            expectError(.shape) { try m.reshape([-1, -1]) }
            expectError(.shape) { try m.reshape([-2, -6]) }
            expectError(.shape) { try m.reshape([0, -1]) }
            expectError(.shape) { try m.squeeze(axis: 0) }   // size 3, not 1
            expectError(.shape) { try m.sum(to: [5]) }
            expectError(.shape) { try m.sum(to: [2, 3, 4]) }
        }

        @Test func outOfRangeIndices() throws {
            let e = expectError(.index) { try m[.at(3)] }
            #expect(e?.message.contains("3") == true && e?.message.contains("[3, 4]") == true)
            expectError(.index) { try m[.at(-4)] }
            expectError(.index) { try m[.all, .at(4)] }
            expectError(.index) { try m[.at(0), .at(0), .at(0)] }   // too many
            expectError(.index) { try m[.ellipsis, .at(0), .ellipsis] }
            expectError(.index) { try Tensor(1)[.at(0)] }
            expectError(.index) { try m.replacing([.at(7)], with: Tensor(0)) }
            expectError(.shape) { try m.replacing([.at(0)], with: try Tensor.zeros([3])) }
        }

        @Test func outOfRangeAxes() throws {
            let calls: [(String, () throws -> Any)] = [
                ("sum", { try m.sum(axis: 2) }), ("sum-", { try m.sum(axis: -3) }), ("mean", { try m.mean(axis: 5) }),
                ("var", { try m.variance(axis: 2) }), ("max", { try m.max(axis: 2) }), ("min", { try m.min(axis: -3) }),
                ("argmax", { try m.argmax(axis: 2) }), ("softmax", { try m.softmax(axis: 2) }),
                ("logSoftmax", { try m.logSoftmax(axis: -3) }), ("logsumexp", { try m.logsumexp(axis: 9) }),
                ("transpose", { try m.transpose(0, 2) }), ("permute", { try m.permute([0, 2]) }),
                ("squeeze", { try m.squeeze(axis: 2) }), ("unsqueeze", { try m.unsqueeze(axis: 3) }),
                ("unsqueeze-", { try m.unsqueeze(axis: -4) }), ("flatten", { try m.flatten(from: 2) }),
                ("size", { try m.size(2) }), ("concat", { try Tensor.concat([m, m], axis: 2) }),
                ("split", { try m.split(sizes: [4], axis: 2) }), ("chunk", { try m.chunk(2, axis: -3) }),
                ("indexSelect", { try m.indexSelect(axis: 2, indices: Tensor(0)) }),
                ("gather", { try m.gather(axis: 2, index: try Tensor.zeros([1, 1])) }),
                ("scatterAdd", { try m.scatterAdd(axis: 2, index: try Tensor.zeros([1, 1]), source: try Tensor.zeros([1, 1])) }),
            ]
            for (name, call) in calls {
                let e = expectError(.index, call)
                #expect(e != nil, "\(name)")
            }
        }

        @Test func aScalarHasNoAxes() throws {
            let s = Tensor(2)
            expectError(.index) { try s.size(0) }
            expectError(.index) { try s.sum(axis: 0) }
            expectError(.index) { try s.mean(axis: 0) }
            expectError(.index) { try s.variance(axis: 0) }
            expectError(.index) { try s.softmax() }
            expectError(.index) { try s.softmax(axis: 0) }
            expectError(.index) { try s.logSoftmax(axis: 0) }
            expectError(.index) { try s.argmax(axis: 0) }
            expectError(.index) { try s.max(axis: 0) }
            expectError(.index) { try s.squeeze(axis: 0) }
            expectError(.index) { try s.flatten(from: 0) }
            expectError(.index) { try Tensor.concat([s, s]) }
            expectError(.index) { try s.split(sizes: [1]) }
            expectError(.index) { try s.chunk(1) }
            expectError(.index) { try s.indexSelect(axis: 0, indices: Tensor(0)) }
            expectError(.index) { try s.gather(axis: 0, index: Tensor(0)) }
            expectError(.index) { try s.scatterAdd(axis: 0, index: Tensor(0), source: Tensor(1)) }
            // What a scalar can do.
            #expect(try s.max().item() == 2)
            #expect(try s.argmax().item() == 0)
            #expect(try s.sum(axes: []).item() == 2)
            #expect(try s.variance(correction: 0).item() == 0)
            #expect(try Tensor.stack([s, s]).shape == [2])
        }

        @Test func badArguments() throws {
            let e = expectError(.value) { try m[.slice(nil, nil, 0)] }
            #expect(e?.message == "slice: step cannot be zero")
            expectError(.value) { try m.replacing([.slice(0, 2, 0)], with: Tensor(0)) }
            expectError(.value) { try m.sum(axes: [0, -2]) }   // the same axis twice
            expectError(.value) { try m.permute([0, 0]) }
            expectError(.value) { try m.permute([0]) }
            expectError(.value) { try m.split(sizes: [1, 1]) }
            expectError(.value) { try m.split(sizes: [4, -1]) }
            expectError(.value) { try m.split(size: 0) }
            expectError(.value) { try m.chunk(0) }
            expectError(.value) { try Tensor.concat([]) }
            expectError(.value) { try Tensor.stack([]) }
            expectError(.value) { try Tensor.arange(0, 1, step: 0) }
            expectError(.value) { try Tensor.arange(0, .infinity) }
            expectError(.value) { try Tensor.arange(.nan, 1) }
            expectError(.value) { try Tensor.linspace(0, 1, count: -1) }
            expectError(.value) { try Tensor.randint(3, 3, [2]) }
            expectError(.value) { try Tensor.zeros([0, 3]).max(axis: 0) }
            expectError(.value) { try Tensor.zeros([0]).max() }
            expectError(.value) { try Tensor.zeros([0]).argmin() }
        }

        @Test func concatAndStackOfMismatchedShapes() throws {
            let e = expectError(.shape) { try Tensor.concat([m, try Tensor.zeros([3, 4, 1])]) }
            #expect(e?.message.contains("rank") == true)
            let e2 = expectError(.shape) { try Tensor.concat([m, try Tensor.zeros([2, 5])], axis: 0) }
            #expect(e2?.message.contains("[2, 5]") == true && e2?.message.contains("[3, 4]") == true)
            expectError(.shape) { try Tensor.concat([m, try Tensor.zeros([3, 5])], axis: 0) }
            expectError(.shape) { try Tensor.stack([m, try Tensor.zeros([4, 3])]) }
        }

        @Test func gatherAndScatterIndices() throws {
            let e = expectError(.index) { try m.gather(axis: 1, index: try tensor([0, 4], [1, 2])) }
            #expect(e?.message.contains("4") == true)
            expectError(.index) { try m.gather(axis: 1, index: try tensor([-1], [1, 1])) }
            expectError(.value) { try m.gather(axis: 0, index: try tensor([0.5], [1, 1])) }  // not a whole number
            expectError(.value) { try m.gather(axis: 0, index: try tensor([.nan], [1, 1])) }
            expectError(.shape) { try m.gather(axis: 0, index: try vector([0])) }          // rank differs
            expectError(.shape) { try m.gather(axis: 0, index: try Tensor.zeros([1, 5])) }  // wider than the source
            expectError(.index) { try m.indexSelect(axis: 0, indices: try vector([0, 3])) }
            expectError(.index) { try m.indexSelect(axis: 1, indices: try vector([-1])) }
            expectError(.index) {
                try m.scatterAdd(axis: 0, index: try tensor([3], [1, 1]), source: try tensor([1], [1, 1]))
            }
            expectError(.shape) {
                try m.scatterAdd(axis: 0, index: try tensor([0, 1], [1, 2]), source: try tensor([1], [1, 1]))
            }
        }

        @Test func itemOfANonScalar() throws {
            let e = expectError(.value) { try m.item() }
            #expect(e?.message.contains("[3, 4]") == true)
            expectError(.value) { try Tensor.zeros([0]).item() }
        }

        @Test func negativeShapes() throws {
            expectError(.shape) { try Tensor(shape: [2, -1], values: []) }
            expectError(.shape) { try Tensor(shape: [2, 2], values: [1, 2, 3]) }
            expectError(.shape) { try Tensor.zeros([-1]) }
            expectError(.shape) { try Tensor.ones([3, -2]) }
            expectError(.shape) { try Tensor.full(checked: [-3], 1) }
            expectError(.shape) { try Tensor.eye(-1) }
            expectError(.shape) { try Tensor.rand([-1, 2]) }
            expectError(.shape) { try Tensor.randn([2, -5]) }
            expectError(.shape) { try Tensor.randint(0, 2, [-1]) }
        }

        @Test func hugeShapesAreMemoryErrors() throws {
            let e = expectError(.memory) { try Tensor.zeros([1 << 20, 1 << 20]) }
            #expect(e?.message.contains("cannot allocate 4.4 TB") == true)
            expectError(.memory) { try Tensor.ones([Int.max, 2]) }         // overflows Int
            expectError(.memory) { try Tensor.zeros([1 << 62, 1 << 62, 4]) }
            expectError(.memory) { try Tensor.full(checked: [1 << 31], 0) }
            expectError(.memory) { try Tensor.rand([1 << 16, 1 << 16]) }
            expectError(.memory) { try Tensor.randn([1 << 40]) }
            expectError(.memory) { try Tensor.randint(0, 2, [1 << 40]) }
            expectError(.memory) { try Tensor.eye(1 << 20) }
            expectError(.memory) { try Tensor.linspace(0, 1, count: 1 << 40) }
            expectError(.memory) { try Tensor.arange(0, 1e30) }
            expectError(.memory) { try Tensor.arange(-3e38, 3e38, step: 1e-30) }   // an infinite count
            expectError(.memory) { try Tensor.arange(0, 1, step: 1e-12) }
        }

        @Test func inPlaceShapeChecks() throws {
            let x = try Tensor.zeros([2, 3])
            expectError(.shape) { try x.addInPlace(try Tensor.zeros([3, 2])) }
            expectError(.shape) { try x.assign(try Tensor.zeros([5])) }
            try x.assign(try vector([1, 2, 3, 4, 5, 6]))   // same count, any shape
            #expect(x.values == [1, 2, 3, 4, 5, 6] && x.shape == [2, 3])
        }
    }
}
