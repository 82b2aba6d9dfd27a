import Testing
import NN
import TensorEngine

/// Forward hooks run around a module's forward whenever it is called, also inside a Sequential.
@Suite struct ForwardHookTests {
    @Test func hooksSeeAndReplaceInputsAndOutputs() throws {
        let model = Sequential([try Linear(2, 2), Activation.relu])
        var seen: [[Int]] = []
        let post = model.layers[0].forwardHooks.addPost { _, input, output -> Tensor? in
            seen.append(input.shape + output.shape)
            return nil
        }
        let pre = model.layers[1].forwardHooks.addPre { _, input in try input * 0 }
        let y = try model(try Tensor.ones([3, 2]))
        #expect(seen == [[3, 2, 3, 2]])
        #expect(y.values.allSatisfy { $0 == 0 })
        model.layers[0].forwardHooks.remove(post)
        model.layers[1].forwardHooks.remove(pre)
        _ = try model(try Tensor.ones([1, 2]))
        #expect(seen.count == 1)
        #expect(model.layers.allSatisfy { $0.forwardHooks.isEmpty })
    }

    @Test func aHookErrorStopsTheCall() throws {
        struct Stop: Error {}
        let layer = try Linear(2, 1)
        layer.forwardHooks.addPost { _, _, _ -> Tensor? in throw Stop() }
        #expect(throws: Stop.self) { try layer(try Tensor.ones([1, 2])) }
        // forward itself runs no hooks.
        _ = try layer.forward(try Tensor.ones([1, 2]))
    }
}
