import Testing
import TensorEngine

/// Sizes a user can type: every allocation they reach checks the count for overflow and allocates
/// through a path that reports failure, so none aborts the process.
extension TensorEngine {
    @Suite struct Allocation {
        @Test func theMessageNamesTheBytesAndTheShape() throws {
            let e = expectError(.memory) { try Tensor.zeros([100000, 100000]) }
            #expect(e?.message.hasPrefix("full: cannot allocate 40.0 GB for a tensor of shape [100000, 100000]") == true)
            #expect(Memory.bytes(512) == "512 bytes" && Memory.bytes(3_200_000) == "3.2 MB")
            #expect(Memory.bytes(8e15) == "8.0 PB" && Memory.bytes(4e30) == "4.0e30 bytes")
            // A shape of many huge dimensions has a byte count beyond Double's range.
            expectError(.memory) { try Memory.count(Array(repeating: 1 << 40, count: 40), op: "t") }
            #expect(Memory.bytes(.infinity) == "more than 1e308 bytes")
        }

        @Test func countsThatOverflowIntAreMemoryErrors() throws {
            expectError(.memory) { try Memory.count([Int.max, 2], op: "t") }
            expectError(.memory) { try Memory.count([1 << 32, 1 << 32], op: "t") }
            expectError(.shape) { try Memory.count([2, -1], op: "t") }
            #expect(try Memory.count([0, 1 << 40], op: "t") == 0)
            expectError(.memory) { try Memory.count([0, 1 << 62, 4], op: "t") }   // its strides would overflow
            #expect(try Memory.count([], op: "t") == 1)
        }

        @Test func reshapeToAShapeWhoseCountWrapsIsRefused() throws {
            let empty = try Tensor.zeros([0, 100_000])
            // [2^62, 4] wraps to 0 elements with unchecked multiplication, and would "fit" an empty tensor.
            expectError(.memory) { try empty.reshape([1 << 62, 4]) }
            expectError(.memory) { try empty.reshape([-1, 1 << 40, 1 << 40]) }
            expectError(.memory) { try Tensor(shape: [1 << 62, 4], values: []) }
            #expect(try empty.reshape([-1, 10]).shape == [0, 10])
        }

        @Test func resultsSizedByBroadcastMatmulOrExpandAreChecked() throws {
            let column = try Tensor.zeros([100_000, 1]), row = try Tensor.zeros([1, 100_000])
            expectError(.memory) { try column + row }                       // 40 GB
            expectError(.memory) { try column.matmul(row) }
            expectError(.memory) { try column.maximum(row) }
            expectError(.memory) { try column.expand(to: [100_000, 100_000]) }
            expectError(.memory) { try Tensor.zeros([1]).expand(to: [1 << 62, 4]) }
        }

        @Test func aFailedMallocIsAMemoryErrorNotAnAbort() throws {
            // Past any machine's memory but not past Int: malloc answers nil, which must come back as an error.
            do {
                _ = try TensorStorage(uninitializedCount: 1 << 60, shape: [1 << 60], op: "test")
                Issue.record("allocating 4 EB succeeded")
            } catch let e as TensorError {
                #expect(e.kind == .memory)
                #expect(e.message.contains("cannot allocate") && e.message.contains("[1152921504606846976]"))
            }
        }

        @Test func randpermChecksItsCount() throws {
            expectError(.value) { try Tensor.randperm(-1) }
            expectError(.memory) { try Tensor.randperm(10_000_000_000) }
            let p = try Tensor.randperm(50)
            #expect(p.values.sorted() == (0..<50).map { Float($0) })
            #expect(try Tensor.randperm(0).shape == [0])
        }
    }
}
