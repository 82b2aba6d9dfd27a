import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct ShapeOps {
        @Test func reshape() throws {
            let x = try tensor((0..<24).map { Float($0) }, [2, 3, 4])
            let y = try x.reshape([4, 6])
            #expect(y.shape == [4, 6])
            #expect(y.values == x.values)
            #expect(try x.reshape([-1, 4]).shape == [6, 4])
            #expect(try x.reshape([2, -1]).shape == [2, 12])
            #expect(try x.reshape([24]).shape == [24])
            #expect(try x.view([3, 8]).shape == [3, 8])
            #expect(try Tensor(5).reshape([1, 1]).shape == [1, 1])
            #expect(try tensor([7], [1, 1]).reshape([]).shape == [])
            try checkGradients([random([2, 3, 4], seed: 60)]) { try $0[0].reshape([6, -1]) }
            try checkGradients([random([2, 3, 4], seed: 61)]) { try $0[0].reshape([24]) }
        }

        @Test func expand() throws {
            let x = try tensor([1, 2, 3], [3, 1])
            let y = try x.expand(to: [2, 3, 4])
            #expect(y.shape == [2, 3, 4])
            let ref = Ref.zip(x, try Tensor.zeros([2, 3, 4])) { a, _ in a }
            #expect(isClose(y.values, ref.values))
            expectValues(try vector([1, 2]).expand(to: [3, 2]), [1, 2, 1, 2, 1, 2] as [Float], shape: [3, 2])
            expectValues(try Tensor(7).expand(to: [2, 2]), [7, 7, 7, 7] as [Float], shape: [2, 2])
            try checkGradients([random([3, 1], seed: 62)]) { try $0[0].expand(to: [2, 3, 4]) }
            try checkGradients([random([1, 4], seed: 63)]) { try $0[0].expand(to: [3, 4]) }
            try checkGradients([Tensor(0.5)]) { try $0[0].expand(to: [2, 3]) }
        }

        @Test func permuteMatchesIndexArithmetic() throws {
            let x = random([2, 3, 4], seed: 64)
            for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0], [-1, 0, 1]] {
                let y = try x.permute(order)
                let resolved = order.map { $0 < 0 ? $0 + 3 : $0 }
                #expect(y.shape == resolved.map { x.shape[$0] })
                for i in 0..<y.count {
                    let outIndex = Ref.unravel(i, y.shape)
                    var inIndex = [0, 0, 0]
                    for (d, a) in resolved.enumerated() { inIndex[a] = outIndex[d] }
                    let flat = zip(inIndex, Ref.strides(x.shape)).reduce(0) { $0 + $1.0 * $1.1 }
                    #expect(y.values[i] == x.values[flat])
                }
                try checkGradients([x]) { try $0[0].permute(order) }
            }
        }

        @Test func transpose() throws {
            let m = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
            expectValues(try m.transpose(), [1, 4, 2, 5, 3, 6] as [Float], shape: [3, 2])
            expectValues(try m.T, [1, 4, 2, 5, 3, 6] as [Float], shape: [3, 2])
            let x = random([2, 3, 4], seed: 65)
            #expect(try x.transpose(0, 2).shape == [4, 3, 2])
            #expect(try x.transpose(0, 2).values == x.permute([2, 1, 0]).values)
            #expect(try x.transpose().values == x.permute([0, 2, 1]).values)
            // A vector is its own transpose.
            #expect(try vector([1, 2, 3]).T.values == [1, 2, 3])
            try checkGradients([x]) { try $0[0].transpose() }
            try checkGradients([x]) { try $0[0].transpose(0, -1) }
        }

        @Test func squeezeAndUnsqueeze() throws {
            let x = random([1, 3, 1, 2], seed: 66)
            #expect(try x.squeeze().shape == [3, 2])
            #expect(try x.squeeze(axis: 0).shape == [3, 1, 2])
            #expect(try x.squeeze(axis: -2).shape == [1, 3, 2])
            #expect(try x.squeeze().values == x.values)
            let v = try vector([1, 2, 3])
            #expect(try v.unsqueeze(axis: 0).shape == [1, 3])
            #expect(try v.unsqueeze(axis: 1).shape == [3, 1])
            #expect(try v.unsqueeze(axis: -1).shape == [3, 1])
            #expect(try v.unsqueeze(axis: -2).shape == [1, 3])
            #expect(try Tensor(1).unsqueeze(axis: 0).shape == [1])
            try checkGradients([x]) { try $0[0].squeeze() }
            try checkGradients([x]) { try $0[0].squeeze(axis: 2) }
            try checkGradients([x]) { try $0[0].unsqueeze(axis: 1) }
        }

        @Test func flatten() throws {
            let x = random([2, 3, 4], seed: 67)
            #expect(x.flatten().shape == [24])
            #expect(x.flatten().values == x.values)
            #expect(try x.flatten(from: 1).shape == [2, 12])
            #expect(try x.flatten(from: -1).shape == [2, 3, 4])
            #expect(try x.flatten(from: 0).shape == [24])
            try checkGradients([x]) { $0[0].flatten() }
            try checkGradients([x]) { try $0[0].flatten(from: 1) }
        }

        @Test func sizeAndRank() throws {
            let x = try Tensor.zeros([2, 3, 4])
            #expect(x.rank == 3 && x.count == 24)
            #expect(try x.size(0) == 2 && x.size(-1) == 4)
            #expect(Tensor(1).rank == 0 && Tensor(1).count == 1)
        }
    }

    @Suite struct JoinOps {
        @Test func concat() throws {
            let a = try tensor([1, 2, 3, 4], [2, 2]), b = try tensor([5, 6], [1, 2]), c = try tensor([7, 8, 9, 10, 11, 12], [2, 3])
            expectValues(try Tensor.concat([a, b], axis: 0), [1, 2, 3, 4, 5, 6] as [Float], shape: [3, 2])
            expectValues(try Tensor.concat([a, c], axis: 1), [1, 2, 7, 8, 9, 3, 4, 10, 11, 12] as [Float], shape: [2, 5])
            expectValues(try Tensor.concat([a, c], axis: -1), [1, 2, 7, 8, 9, 3, 4, 10, 11, 12] as [Float], shape: [2, 5])
            expectValues(try Tensor.concat([a]), [1, 2, 3, 4] as [Float], shape: [2, 2])
            // An empty piece is allowed.
            expectValues(try Tensor.concat([a, try Tensor.zeros([0, 2])]), [1, 2, 3, 4] as [Float], shape: [2, 2])
            let x = random([2, 3, 4], seed: 70), y = random([2, 1, 4], seed: 71), z = random([2, 2, 4], seed: 72)
            try checkGradients([x, y, z]) { try Tensor.concat($0, axis: 1) }
            try checkGradients([x, x]) { try Tensor.concat($0, axis: 2) }
            try checkGradients([x, random([1, 3, 4], seed: 73)]) { try Tensor.concat($0, axis: 0) }
        }

        @Test func stack() throws {
            let a = try vector([1, 2, 3]), b = try vector([4, 5, 6])
            expectValues(try Tensor.stack([a, b]), [1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
            expectValues(try Tensor.stack([a, b], axis: 1), [1, 4, 2, 5, 3, 6] as [Float], shape: [3, 2])
            expectValues(try Tensor.stack([a, b], axis: -1), [1, 4, 2, 5, 3, 6] as [Float], shape: [3, 2])
            expectValues(try Tensor.stack([Tensor(1), Tensor(2)]), [1, 2] as [Float], shape: [2])
            let x = random([2, 3], seed: 74), y = random([2, 3], seed: 75)
            for axis in [0, 1, 2, -1] {
                try checkGradients([x, y]) { try Tensor.stack($0, axis: axis) }
            }
        }

        @Test func split() throws {
            let x = try tensor((0..<12).map { Float($0) }, [3, 4])
            let rows = try x.split(sizes: [1, 2])
            #expect(rows.map(\.shape) == [[1, 4], [2, 4]])
            #expect(rows[1].values == [4, 5, 6, 7, 8, 9, 10, 11])
            let cols = try x.split(sizes: [3, 0, 1], axis: 1)
            #expect(cols.map(\.shape) == [[3, 3], [3, 0], [3, 1]])
            #expect(cols[2].values == [3, 7, 11])
            let bySize = try x.split(size: 3, axis: -1)
            #expect(bySize.map(\.shape) == [[3, 3], [3, 1]])
            #expect(bySize[0].values == [0, 1, 2, 4, 5, 6, 8, 9, 10])

            let r = random([3, 5], seed: 76)
            let w = [random([3, 2], seed: 77), random([3, 3], seed: 78)]
            try checkGradients([r]) { xs in
                let pieces = try xs[0].split(sizes: [2, 3], axis: 1)
                return try (pieces[0] * w[0]).sum() + (pieces[1] * w[1]).sum()
            }
            try checkGradients([r]) { xs in try xs[0].split(size: 2, axis: 0)[1] }
        }

        @Test func chunk() throws {
            let x = try vector((0..<10).map { Float($0) })
            let parts = try x.chunk(3)
            #expect(parts.map(\.shape) == [[4], [4], [2]])
            #expect(parts[2].values == [8, 9])
            #expect(try x.chunk(5).map(\.shape) == Array(repeating: [2], count: 5))
            #expect(try x.chunk(20).count == 10)
            let m = random([2, 6], seed: 79)
            #expect(try m.chunk(2, axis: 1).map(\.shape) == [[2, 3], [2, 3]])
            try checkGradients([m]) { xs in
                let c = try xs[0].chunk(3, axis: 1)
                return try c[0] * c[2] - c[1]
            }
        }
    }
}
