import Foundation
@testable import NN
import TensorEngine
import Testing

/// Data sets read from files as a loader reaches them: `.npy` arrays memory-mapped and read by row,
/// and CSV files streamed in chunks through a bounded shuffle buffer.
@Suite(.serialized) struct DataStreamTests {
    /// A fresh folder for one test's files, removed when the test ends.
    final class Folder {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "soma-stream-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let p = path + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: p))
            return p
        }
        func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }
    }

    /// The bytes of a version 1.0 `.npy` file with a header of the given fields and `data` after it.
    static func npy(descr: String, fortran: Bool = false, shape: String, data: [UInt8]) -> [UInt8] {
        var header = Array("{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }".utf8)
        header += repeatElement(UInt8(ascii: " "), count: 63 - (10 + header.count) % 64) + [UInt8(ascii: "\n")]
        return NPY.magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header + data
    }

    @Test func mappedRowsMatchTheArrayInItsOwnDType() throws {
        let folder = try Folder()
        let x = try Tensor(shape: [5, 2, 3], values: (0..<30).map(Float.init))
        let y = try Tensor(shape: [5], elements: [Int64(4), 3, 2, 1, 0], dtype: .int64)
        let xp = try folder.file("x.npy", NPY.encode(x)), yp = try folder.file("y.npy", NPY.encode(y))
        let ds = try NpyDataset(xp, yp)
        #expect(ds.count == 5 && ds.inputs.shape == [5, 2, 3] && ds.targets?.dtype == .int64)
        let (xb, yb) = try ds.samples([3, 0])
        let expected = try x.rows([3, 0])
        #expect(xb.shape == [2, 2, 3] && xb.values == expected.values)
        #expect(yb?.dtype == .int64 && yb?.elements(as: Int64.self) == [1, 4])
        // Big-endian and widened unsigned files read as NPY.decode reads them.
        let be = try folder.file("be.npy", Self.npy(descr: ">i2", shape: "(2,)", data: [0x01, 0x02, 0xFF, 0xFE]))
        #expect(try MappedNpy(be).rows([0, 1]).elements(as: Int16.self) == [0x0102, -2])
        let u = try folder.file("u.npy", Self.npy(descr: "<u2", shape: "(1, 2)", data: [0xFF, 0xFF, 0x01, 0x00]))
        let ur = try MappedNpy(u).rows([0])
        #expect(ur.dtype == .int32 && ur.elements(as: Int32.self) == [65535, 1])
    }

    @Test func aLoaderOverMappedFilesShufflesAndPairsSamples() throws {
        let folder = try Folder()
        let n = 50
        let x = try Tensor(shape: [n, 2], values: (0..<n).flatMap { [Float($0), -Float($0)] })
        let y = try Tensor(shape: [n], values: (0..<n).map { Float(10 * $0) })
        let ds = try NpyDataset(try folder.file("x.npy", NPY.encode(x)), try folder.file("y.npy", NPY.encode(y)))
        let loader = try DataLoader(ds, batchSize: 8, shuffle: true)
        #expect(loader.count == 7 && loader.hasTargets)
        seed(5)
        var seen: [Int] = []
        try loader.forEachBatch { xb, yb in
            let ids = xb.values.enumerated().filter { $0.offset % 2 == 0 }.map { Int($0.element) }
            #expect(ids.map { Float(10 * $0) } == yb?.values)
            seen += ids
            return true
        }
        #expect(seen.sorted() == Array(0..<n) && seen != Array(0..<n))
        // The same order as a loader over the tensors themselves draws from the same seed.
        seed(5)
        let inMemory = try DataLoader(x, y, batchSize: 8, shuffle: true).batches().flatMap { $0.x.values }
        seed(5)
        #expect(try loader.batches().flatMap { $0.x.values } == inMemory)
    }

    @Test func badNpyFilesAreErrorsNamingTheFile() throws {
        let folder = try Folder()
        func message(_ path: String) -> String {
            do { _ = try NpyDataset(path); return "" } catch { return "\(error)" }
        }
        let good = NPY.encode(try Tensor(shape: [4, 2], values: (0..<8).map(Float.init)))
        let cut = try folder.file("cut.npy", Array(good.dropLast(5)))
        #expect(message(cut).contains("cut.npy") && message(cut).contains("needs 32 bytes of data but the file has 27"))
        let header = try folder.file("header.npy", Array(good.prefix(40)))
        #expect(message(header).contains("header.npy': not a valid .npy file (the header is cut short)"))
        let text = try folder.file("text.npy", "not an array")
        #expect(message(text).contains("text.npy': not a valid .npy file (it does not start with \\x93NUMPY)"))
        let empty = try folder.file("empty.npy", [UInt8]())
        #expect(message(empty).contains("empty.npy"))
        let complex = try folder.file("complex.npy", Self.npy(descr: "<c8", shape: "(2,)", data: Array(repeating: 0, count: 16)))
        #expect(message(complex).contains("complex.npy': dtype '<c8' is not one Soma reads"))
        let fortran = try folder.file("f.npy", Self.npy(descr: "<f4", fortran: true, shape: "(2, 2)", data: Array(repeating: 0, count: 16)))
        #expect(message(fortran).contains("f.npy' is stored in Fortran order"))
        let scalar = try folder.file("s.npy", Self.npy(descr: "<f4", shape: "()", data: [0, 0, 0, 0]))
        #expect(message(scalar).contains("s.npy' holds a single value"))
        #expect(message(folder.path + "/missing.npy").contains("cannot open '\(folder.path)/missing.npy': No such file or directory"))
        #expect(message(folder.path).contains("is a folder"))
        let three = try folder.file("three.npy", NPY.encode(try Tensor.zeros([3])))
        #expect { try NpyDataset(try folder.file("four.npy", good), three) } throws: { "\($0)".contains("has 4 rows but '\(three)' has 3") }
        #expect { try MappedNpy(three).rows([3]) } throws: { "\($0)".contains("row 3 is out of range for the 3 rows") }
    }

    /// Every prefix of a valid file, every byte set to values that break headers, and random bit flips:
    /// opening and reading each either works or throws a TensorError, never traps.
    @Test func corruptFilesNeverCrashALoader() throws {
        let folder = try Folder()
        let npy = NPY.encode(try Tensor(shape: [3, 2], values: (0..<6).map(Float.init)))
        let csv = Array("a,b,c\n1,2,0\n\"3\",4.5,1\n".utf8)
        for (name, valid) in [("f.npy", npy), ("f.csv", csv)] {
            for (k, bytes) in CorruptFileTests.variants(of: valid, flips: 100, seed: 21).enumerated() {
                let path = try folder.file("\(k)-\(name)", bytes)
                do {
                    let loader = name.hasSuffix(".npy") ? try DataLoader(try NpyDataset(path), batchSize: 2)
                        : try DataLoader(try CSVStream(path, target: .one(.index(0))), batchSize: 2, shuffle: true, shuffleBuffer: 2)
                    _ = try loader.batches()
                } catch is TensorError {
                } catch {
                    Issue.record("\(name) variant \(k): not a TensorError: \(error)")
                }
                try FileManager.default.removeItem(atPath: path)
            }
        }
    }

    /// Text fed in pieces that end after any newline (as `TextChunks` cuts a file) gives the rows and
    /// lines that the whole text gives, also when a quoted field runs from one piece into the next.
    @Test func rowsDoNotDependOnWhereChunksEnd() throws {
        let text = "a,b\r\n1,\"two\nlines\"\n\n3,\"x,\"\"y\"\"\"\n4,5"
        func rows(_ pieces: [Substring]) throws -> [String] {
            var reader = CSV.RowReader(source: "p.csv")
            var out: [String] = []
            for piece in pieces { try reader.feed(piece) { out.append("\($1): " + $0.joined(separator: "|")) } }
            try reader.finish { out.append("\($1): " + $0.joined(separator: "|")) }
            return out
        }
        let whole = try rows([Substring(text)])
        #expect(whole == ["1: a|b", "2: 1|two\nlines", "5: 3|x,\"y\"", "6: 4|5"])
        let ends = text.indices.filter { text[$0] == "\n" || text[$0] == "\r\n" }.map { text.index(after: $0) }
        for cut in ends {
            #expect(try rows([text[..<cut], text[cut...]]) == whole)
        }
        #expect(try rows(ends.indices.map { k in text[(k == 0 ? text.startIndex : ends[k - 1])..<ends[k]] } + [text[ends.last!...]]) == whole)
    }

    /// A CSV file of `n` rows `id,id*2,label` with a header.
    static func csv(_ n: Int) -> String {
        var text = "id,double,label\n"
        for i in 0..<n { text += "\(i),\(2 * i),\(i % 3)\n" }
        return text
    }

    @Test func aStreamReadsRowsInOrderWithTargetsByName() throws {
        let folder = try Folder()
        let path = try folder.file("d.csv", Self.csv(10))
        let stream = try CSVStream(path, target: .one(.name("label")))
        #expect(stream.count == 10 && stream.inputColumns == [0, 1] && stream.targetShape == [])
        let loader = try DataLoader(stream, batchSize: 4)
        #expect(loader.count == 3)
        let batches = try loader.batches()
        #expect(batches.map(\.x.shape) == [[4, 2], [4, 2], [2, 2]])
        #expect(batches[2].x.values == [8, 16, 9, 18] && batches[2].y?.values == [2, 0])
        #expect(try DataLoader(stream, batchSize: 4, dropLast: true).batches().count == 2)
        let several = try CSVStream(path, target: .several([.index(2), .index(0)]), columns: [.name("double")])
        #expect(try DataLoader(several, batchSize: 10).batches()[0].y?.shape == [10, 2])
        #expect { try CSVStream(path, header: false) } throws: { "\($0)".contains("line 1, column 1: \"id\" is not a number") }
    }

    @Test func badCSVFilesAreErrorsNamingLineAndColumn() throws {
        let folder = try Folder()
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        let bad = try folder.file("bad.csv", "a,b\n1,2\n3,x\n")
        #expect(message { _ = try CSVStream(bad) }.contains("CSVStream: '\(bad)', line 3, column 2 (b): \"x\" is not a number"))
        let ragged = try folder.file("ragged.csv", "a,b\n1,2\n3\n")
        #expect(message { _ = try CSVStream(ragged) }.contains("ragged.csv', line 3: 1 field, where the first row has 2"))
        #expect(message { _ = try CSVStream(folder.path + "/none.csv") }.contains("No such file or directory"))
        let ok = try folder.file("ok.csv", "a,b\n1,2\n")
        #expect(message { _ = try CSVStream(ok, target: .one(.name("c"))) }.contains("no column \"c\""))
        #expect(message { _ = try CSVStream(ok, target: .one(.index(5))) }.contains("CSVStream: column 5 is out of range for 2 columns"))
        #expect(message { _ = try CSVStream(ok, target: .several([.index(0), .index(1)])) }.contains("no input columns"))
        #expect(message { _ = try CSVStream(ok, target: .several([])) }.contains("the list of target columns is empty"))
        let onlyHeader = try folder.file("h.csv", "a,b\n")
        #expect(message { _ = try CSVStream(onlyHeader) }.contains("has no rows after its header"))
        let latin1 = try folder.file("l.csv", [0x61, 0x0A, 0xE9, 0x0A])
        #expect(message { _ = try CSVStream(latin1) }.contains("is not UTF-8 text"))
        #expect(message { _ = try DataLoader(try CSVStream(ok), shuffleBuffer: 0) }.contains("shuffleBuffer must be from 1"))
    }

    /// A file many times larger than the loader's buffers: each sample is seen once per pass, and the
    /// loader never holds more than its shuffle buffer and one batch, however large the file.
    @Test func aShuffledStreamHoldsABoundedNumberOfRows() throws {
        let folder = try Folder()
        let n = 300_000   // about 5.6 MB: 300000 rows through a buffer of 100
        let stream = try CSVStream(try folder.file("big.csv", Self.csv(n)), target: .one(.name("label")))
        #expect(stream.count == n)
        let loader = try DataLoader(stream, batchSize: 32, shuffle: true, shuffleBuffer: 100)
        seed(11)
        var seen = [Bool](repeating: false, count: n), inOrder = 0, previous = -1, batches = 0
        try loader.forEachBatch { x, y in
            let v = x.values, labels = y?.values ?? []
            for r in 0..<x.shape[0] {
                let id = Int(v[2 * r])
                #expect(!seen[id] && v[2 * r + 1] == Float(2 * id) && labels[r] == Float(id % 3))
                seen[id] = true
                if id == previous + 1 { inOrder += 1 }
                previous = id
            }
            batches += 1
            return true
        }
        #expect(batches == loader.count && seen.allSatisfy { $0 })
        #expect(inOrder < n / 10)   // shuffled, not read back in file order
        #expect(loader.peakResidentSamples <= 100 + 32)
        // The chunked reader's buffer is bounded too: a chunk and the end of a line.
        #expect(TextChunks.chunkBytes * 8 < 1_000_000)
        // Stopping early leaves the rest unread, without an error.
        var first = 0
        try loader.forEachBatch { _, _ in first += 1; return first < 3 }
        #expect(first == 3)
    }

    /// A 1 TiB `.npy` file (sparse on disk: its rows are zeros but the first and the last) is far
    /// larger than memory: loading it whole is a MemoryError, while a data set over it opens at once
    /// and a loader reads the batches it reaches. (Tests/Integration/test_stream_memory.py measures the
    /// memory of whole passes in a process of their own.)
    @Test func aFileLargerThanMemoryIsReadRowByRow() throws {
        let folder = try Folder()
        let rows = 1 << 28, width = 1024
        let header = Self.npy(descr: "<f4", shape: "(\(rows), \(width))", data: [])
        let path = try folder.file("huge.npy", header + [Float](repeating: 7, count: width).withUnsafeBytes { Array($0) })
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let end = UInt64(header.count) + UInt64(rows) * UInt64(width) * 4
        do {
            try handle.truncate(atOffset: end)
            try handle.seek(toOffset: end - 4)
            try handle.write(contentsOf: withUnsafeBytes(of: Float(9)) { Array($0) })
            try handle.close()
        } catch {
            try? handle.close()
            return   // a file system without sparse files of this size: nothing to show here
        }
        #expect(throws: TensorError.self) { try NPY.load(path) }
        let ds = try NpyDataset(path)
        #expect(ds.count == rows)
        let loader = try DataLoader(ds, batchSize: 64)
        #expect(loader.count == rows / 64)
        var sums: [Float] = []
        try loader.forEachBatch { x, _ in
            sums.append(x.values.reduce(0, +))
            return sums.count < 3
        }
        #expect(sums == [7 * Float(width), 0, 0])
        #expect(try ds.samples([rows - 1]).x.values.last == 9)
    }
}
