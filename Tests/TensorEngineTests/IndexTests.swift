import Testing
import TensorEngine

/// What NumPy's basic indexing selects, computed position by position.
private func referenceIndex(_ x: Tensor, _ specs: [IndexSpec]) -> (shape: [Int], values: [Float]) {
    let consuming = specs.filter { $0 != .ellipsis && $0 != .newAxis }.count
    var expanded: [IndexSpec] = []
    for s in specs {
        if s == .ellipsis { expanded += Array(repeating: .all, count: x.rank - consuming) } else { expanded.append(s) }
    }
    while expanded.filter({ $0 != .newAxis }).count < x.rank { expanded.append(.all) }
    // Per output dimension, the source positions it walks (nil for a new axis); per source dimension a position.
    var axes: [(source: Int?, positions: [Int])] = []
    var fixed: [Int: Int] = [:]
    var dim = 0
    for s in expanded {
        switch s {
        case .newAxis: axes.append((nil, [0]))
        case .at(let i): fixed[dim] = i < 0 ? i + x.shape[dim] : i; dim += 1
        case .all: axes.append((dim, Array(0..<x.shape[dim]))); dim += 1
        case .slice(let a, let b, let step): axes.append((dim, Ref.sliceIndices(a, b, step, x.shape[dim]))); dim += 1
        case .ellipsis: break
        }
    }
    let shape = axes.map(\.positions.count)
    let strides = Ref.strides(x.shape)
    let xv = x.values
    let values = (0..<Ref.count(shape)).map { i -> Float in
        let out = Ref.unravel(i, shape)
        var flat = 0
        for (d, p) in fixed { flat += p * strides[d] }
        for (k, axis) in axes.enumerated() {
            if let src = axis.source { flat += axis.positions[out[k]] * strides[src] }
        }
        return xv[flat]
    }
    return (shape, values)
}

extension TensorEngine {
    @Suite struct Indexing {
        @Test func everySliceOfAVectorFollowsPythonRules() throws {
            for n in [0, 1, 6] {
                let x = try vector((0..<n).map { Float($0) })
                let bounds: [Int?] = [nil] + Array(-8...8)
                for step in [-3, -2, -1, 1, 2, 3] {
                    for start in bounds {
                        for stop in bounds {
                            let y = try x[.slice(start, stop, step)]
                            let expected = Ref.sliceIndices(start, stop, step, n).map { Float($0) }
                            #expect(y.shape == [expected.count] && y.values == expected,
                                    "x[\(start.map(String.init) ?? ""):\(stop.map(String.init) ?? ""):\(step)] of \(n) gave \(y.values)")
                        }
                    }
                }
            }
        }

        @Test func multiDimensionalSpecs() throws {
            let x = try tensor((0..<60).map { Float($0) }, [3, 4, 5])
            let cases: [[IndexSpec]] = [
                [.at(0)], [.at(-1)], [.at(1), .at(2)], [.at(1), .at(2), .at(3)],
                [.all, .at(1)], [.ellipsis, .at(-1)], [.at(0), .ellipsis], [.ellipsis],
                [.slice(nil, nil, -1)], [.all, .slice(nil, nil, -2), .slice(1, nil, 2)],
                [.range(2, 0, -1), .all, .range(-1, -6, -2)],
                [.newAxis], [.newAxis, .at(1), .newAxis, .ellipsis, .newAxis],
                [.ellipsis, .newAxis], [.all, .newAxis, .at(2)], [.at(2), .ellipsis, .slice(nil, 3, 1), .newAxis],
                [.slice(1, 1, 1)], [.all, .all, .range(4, 100, 1)],
            ]
            for specs in cases {
                let y = try x[specs]
                let ref = referenceIndex(x, specs)
                #expect(y.shape == ref.shape && y.values == ref.values, "\(specs)")
            }
            // The variadic and array forms agree.
            #expect(try x[.at(1), .all, .slice(nil, nil, -1)].values == x[[.at(1), .all, .slice(nil, nil, -1)]].values)
            // Selecting every index gives a scalar.
            #expect(try x[.at(2), .at(3), .at(4)].shape == [])
            #expect(try x[.at(2), .at(3), .at(4)].item() == 59)
        }

        @Test func indexingGradients() throws {
            let x = random([3, 4, 5], seed: 80)
            let cases: [[IndexSpec]] = [
                [.at(1)], [.all, .at(-1)], [.slice(nil, nil, -1)], [.ellipsis, .slice(4, 0, -2)],
                [.newAxis, .range(1, 3, 1), .ellipsis, .newAxis], [.at(0), .at(1), .at(2)],
                [.all, .range(3, 0, -1), .slice(nil, nil, 3)],
            ]
            for specs in cases {
                try checkGradients([x]) { try $0[0][specs] }
            }
            // The same position picked twice accumulates: x[0] + x[-3] on a length-3 vector.
            let v = try vector([1, 2, 3]).detachedLeaf()
            try (try v[.at(0)] + v[.at(-3)] + v[.slice(nil, nil, -1)].sum()).backward()
            #expect(v.grad?.values == [3, 1, 1])
        }

        @Test func replacingASelection() throws {
            let x = try tensor((0..<12).map { Float($0) }, [3, 4])
            let row = try x.replacing([.at(1)], with: try vector([-1, -2, -3, -4]))
            #expect(row.values == [0, 1, 2, 3, -1, -2, -3, -4, 8, 9, 10, 11])
            let col = try x.replacing([.all, .slice(nil, nil, -2)], with: Tensor(0))
            #expect(col.values == [0, 0, 2, 0, 4, 0, 6, 0, 8, 0, 10, 0])
            let bcast = try x.replacing([.range(0, 2, 1), .range(1, 3, 1)], with: try tensor([7, 8], [2, 1]))
            #expect(bcast.values == [0, 7, 7, 3, 4, 8, 8, 7, 8, 9, 10, 11])
            // The original is untouched.
            #expect(x.values == (0..<12).map { Float($0) })

            let base = random([3, 4], seed: 81)
            try checkGradients([base, random([4], seed: 82)]) { try $0[0].replacing([.at(-1)], with: $0[1]) }
            try checkGradients([base, random([3, 1], seed: 83)]) {
                try $0[0].replacing([.all, .slice(3, nil, -2)], with: $0[1])
            }
            try checkGradients([base, Tensor(0.3)]) { try $0[0].replacing([.ellipsis, .at(0)], with: $0[1]) }
        }

        @Test func indexSelect() throws {
            let x = try tensor((0..<12).map { Float($0) }, [3, 4])
            expectValues(try x.indexSelect(axis: 0, indices: try vector([2, 0, 2])),
                         [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11] as [Float], shape: [3, 4])
            expectValues(try x.indexSelect(axis: 1, indices: try tensor([3, 0, 1, 1], [2, 2])),
                         [3, 0, 1, 1, 7, 4, 5, 5, 11, 8, 9, 9] as [Float], shape: [3, 2, 2])
            expectValues(try x.indexSelect(axis: -1, indices: Tensor(2)), [2, 6, 10] as [Float], shape: [3])
            let w = random([5, 3], seed: 84)
            try checkGradients([w]) { try $0[0].indexSelect(axis: 0, indices: try vector([4, 1, 4, 0])) }
            try checkGradients([w]) { try $0[0].indexSelect(axis: 1, indices: try tensor([2, 2, 0, 1], [2, 2])) }
        }

        @Test func gather() throws {
            let x = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
            expectValues(try x.gather(axis: 1, index: try tensor([2, 0, 1, 1], [2, 2])), [3, 1, 5, 5] as [Float], shape: [2, 2])
            expectValues(try x.gather(axis: 0, index: try tensor([1, 0, 1], [1, 3])), [4, 2, 6] as [Float], shape: [1, 3])
            expectValues(try x.gather(axis: -1, index: try tensor([0, 2], [2, 1])), [1, 6] as [Float], shape: [2, 1])
            let src = random([3, 4], seed: 85)
            try checkGradients([src]) { try $0[0].gather(axis: 1, index: try tensor([3, 3, 0, 1, 2, 2], [3, 2])) }
            try checkGradients([src]) { try $0[0].gather(axis: 0, index: try tensor([2, 0, 0, 1, 1, 1, 2, 0], [2, 4])) }
        }

        @Test func scatterAdd() throws {
            let base = try Tensor.zeros([2, 4])
            let y = try base.scatterAdd(axis: 1, index: try tensor([0, 0, 3, 1, 2, 1], [2, 3]),
                                        source: try tensor([1, 2, 3, 4, 5, 6], [2, 3]))
            expectValues(y, [3, 0, 0, 3, 0, 10, 5, 0] as [Float], shape: [2, 4])
            let z = try tensor([1, 1, 1, 1, 1, 1], [3, 2])
                .scatterAdd(axis: 0, index: try tensor([2, 0], [1, 2]), source: try tensor([5, 7], [1, 2]))
            expectValues(z, [1, 8, 1, 1, 6, 1] as [Float], shape: [3, 2])
            #expect(base.values == Array(repeating: 0, count: 8))   // a copy, not an update

            let index = try tensor([1, 1, 0, 2, 0, 2], [2, 3])
            try checkGradients([random([3, 3], seed: 86), random([2, 3], seed: 87)]) {
                try $0[0].scatterAdd(axis: 0, index: index, source: $0[1])
            }
            try checkGradients([random([2, 4], seed: 88), random([2, 3], seed: 89)]) {
                try $0[0].scatterAdd(axis: 1, index: try tensor([3, 0, 3, 1, 1, 2], [2, 3]), source: $0[1])
            }
        }

        @Test func whereSelects() throws {
            let cond = try tensor([1, 0, 0, 2], [2, 2])
            let a = try tensor([1, 2, 3, 4], [2, 2]), b = try vector([-1, -2])
            expectValues(try Tensor.where(cond, a, b), [1, -2, -1, 4] as [Float], shape: [2, 2])
            expectValues(try Tensor.where(try vector([0, 1]), Tensor(9), b), [-1, 9] as [Float], shape: [2])
            expectValues(try Tensor.where(try tensor([1, 0], [2, 1]), try vector([1, 2, 3]), Tensor(0)),
                         [1, 2, 3, 0, 0, 0] as [Float], shape: [2, 3])
            let c = try tensor([1, 0, 1, 1, 0, 0], [2, 3])
            try checkGradients([random([2, 3], seed: 90), random([3], seed: 91)]) { try Tensor.where(c, $0[0], $0[1]) }
            try checkGradients([random([2, 1], seed: 92), Tensor(0.4)]) { try Tensor.where(c, $0[0], $0[1]) }
        }

        @Test func maskedFill() throws {
            let x = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
            expectValues(try x.maskedFill(try vector([0, 1, 0]), -9), [1, -9, 3, 4, -9, 6] as [Float], shape: [2, 3])
            let causal = try x.maskedFill(try tensor([0, 1, 1, 0, 0, 1], [2, 3]), -.infinity)
            #expect(causal.values == [1, -.infinity, -.infinity, 4, 5, -.infinity])
            let mask = try tensor([1, 0], [2, 1])
            try checkGradients([random([2, 3], seed: 93)]) { try $0[0].maskedFill(mask, 2) }
        }
    }
}
