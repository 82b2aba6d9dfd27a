import Foundation
import Testing
import TensorEngine

extension TensorEngine {
    /// The graph walk that drawings use, before and after backward() frees the graph.
    @Suite struct TapeGraphWalk {
        /// L = (a * b + c) * f, micrograd's example, with the intermediate tensors returned too.
        static func expression() throws -> (a: Tensor, b: Tensor, e: Tensor, d: Tensor, loss: Tensor) {
            let a = try tensor([2], [], requiresGrad: true), b = try tensor([-3], [], requiresGrad: true)
            let c = try tensor([10], [], requiresGrad: true), f = try tensor([-2], [], requiresGrad: true)
            let e = try a * b
            let d = try e + c
            return (a, b, e, d, try d * f)
        }

        static func summary(_ g: TapeGraph) -> [String] {
            g.nodes.map { n in "\(n.op ?? "leaf") \(n.shape) <- \(n.inputs.map { g.nodes[$0].op ?? "leaf" })" }
        }

        @Test func nodesAreOpsAndTheirInputsOnceEach() throws {
            let x = try Self.expression()
            let g = TapeGraph(x.loss)
            #expect(g.nodes.count == 7 && g.totalCount == 7 && !g.isCut)
            #expect(g.nodes[0].op == "mul" && g.nodes[0].values == [-8])
            #expect(g.nodes.filter(\.isLeaf).count == 4)
            #expect(g.nodes.reduce(0) { $0 + $1.inputs.count } == 6)
            #expect(g.index(of: x.loss) == 0)
            let e = try #require(g.index(of: x.e))
            #expect(g.nodes[e].op == "mul" && g.nodes[e].inputs.map { g.nodes[$0].values } == [[2], [-3]])
            // A tensor used twice is one node with two edges out.
            let y = try x.a * x.a + x.a
            let h = TapeGraph(y)
            #expect(h.nodes.count == 3)
            #expect(h.nodes[0].inputs.count == 2)
        }

        @Test func theGraphKeepsItsShapeAfterBackwardAndShowsGradients() throws {
            let x = try Self.expression()
            let before = Self.summary(TapeGraph(x.loss))
            try x.loss.backward()
            let g = TapeGraph(x.loss)
            #expect(Self.summary(g) == before)
            #expect(g.nodes[0].gradient == [1])
            let d = try #require(g.index(of: x.d)), a = try #require(g.index(of: x.a))
            #expect(g.nodes[d].gradient == [-2] && g.nodes[d].values == [4])
            #expect(g.nodes[a].gradient == [6] && g.nodes[a].requiresGrad)
            // Freed is still freed: a second pass names the op and the way out.
            #expect(throws: TensorError.self) { try x.loss.backward() }
        }

        @Test func dataInputsAreLeavesThatNeedNoGradient() throws {
            let w = try tensor([1, 2, 3, 4], [2, 2], requiresGrad: true)
            let data = try tensor([1, 0, 0, 1, 1, 1], [3, 2])
            let out = try data.matmul(w).sum()
            try out.backward(retainGraph: true)
            let g = TapeGraph(out)
            let i = try #require(g.index(of: data))
            #expect(g.nodes[i].isLeaf && !g.nodes[i].requiresGrad && g.nodes[i].shape == [3, 2])
            #expect(g.nodes[try #require(g.index(of: w))].gradient == [2, 2, 2, 2])
        }

        @Test func aLimitCutsFarNodesAndCountsThem() throws {
            var y = try tensor([1], [], requiresGrad: true)
            for _ in 0..<2000 { y = try y * Tensor(1.001) }
            let g = TapeGraph(y, limit: 10)
            #expect(g.nodes.count == 10 && g.totalCount == 4001 && g.isCut && g.countIsExact)
            #expect(g.nodes.reduce(0) { $0 + $1.hiddenInputs } > 0)
            #expect(g.nodes.allSatisfy { $0.inputs.allSatisfy { $0 < 10 } })
        }

        @Test func aDeepFreedGraphIsDroppedWithoutOverflowingTheStack() throws {
            let x = try tensor([1], [], requiresGrad: true)
            do {
                var y = x
                for _ in 0..<50_000 { y = try y * Tensor(1.0) + x }
                try y.backward()
                #expect(TapeGraph(y, limit: 5).nodes.count == 5)
            }
            #expect(x.grad != nil)
        }
    }
}
