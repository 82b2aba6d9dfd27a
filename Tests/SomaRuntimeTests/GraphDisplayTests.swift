import Foundation
import Script
import SomaRuntime
import Testing

/// `drawGraph` values as a notebook sees them, and on graphs too big to draw whole.
@Suite(.serialized) struct GraphDisplayTests {
    @Test func aGraphDisplaysAsSVGAndText() throws {
        let runtime = Runtime()
        let value = try #require(try runtime.run("""
            let w = tensor([[1, 2], [3, 4]], requiresGrad: true)
            let loss = (w @ tensor([[1], [1]])).relu().sum()
            loss.backward()
            drawGraph(loss)
            """, as: .cell(1)))
        let bundle = Display.bundle(value)
        let svg = try #require(bundle["image/svg+xml"])
        #expect(svg.hasPrefix("<svg") && svg.contains("matmul") && svg.contains("relu"))
        let text = try #require(bundle["text/plain"])
        #expect(text.contains("[1] w · [2, 2] · data [1, 2, 3, 4] · grad [1, 1, 1, 1]"))
        #expect(text.hasSuffix("loss = sum · scalar · data 10 · grad 1 · output ← [4] relu"))
    }

    @Test func twoThousandChainedOpsDraw() throws {
        let runtime = Runtime()
        let value = try #require(try runtime.run("""
            let x = tensor([1, 2, 3], requiresGrad: true)
            var y = x
            for i in 0..<2000 { y = (y * 1.0001).tanh() + x }
            y.sum().backward()
            drawGraph(y, limit: 5000)
            """, as: .cell(1)))
        let svg = try #require(Display.bundle(value)["image/svg+xml"])
        // x, then a mul, its constant, a tanh and an add per step.
        let noted = svg.contains("graph cut: showing the 5000 nodes nearest the output, of 8001")
        #expect(noted)
    }
}
