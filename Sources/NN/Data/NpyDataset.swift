import TensorEngine

/// A `.npy` array read from a memory-mapped file, row by row, as NumPy's `np.load(path, mmap_mode='r')`:
/// opening it reads only the header, and `rows` copies the rows asked for, so the file may be larger
/// than memory.
///
/// The header is checked when the file is opened (the format, the dtype, C order, enough data for the
/// shape), and every error names the file. The file must not shrink while it is mapped: reading a page
/// that is gone ends the process, as it does in NumPy.
public final class MappedNpy {
    public let path: String
    /// The array's shape; dimension 0 counts the rows.
    public let shape: [Int]
    /// The type its rows become (the types `NPY.decode` reads; uint16 and uint32 are widened).
    public let dtype: DType
    private let file: MappedFile
    private let header: NPY.Header
    private let start: Int, rowBytes: Int, rowElements: Int
    private let op: String

    /// Maps the `.npy` file at `path` and checks its header; `op` names the caller in errors.
    public init(_ path: String, op: String = "NpyDataset") throws {
        let file = try MappedFile(path, op: op)
        let layout: (header: NPY.Header, start: Int)
        do { layout = try NPY.layout(file.bytes, allocating: false) } catch let e as TensorError {
            let why = e.message.hasPrefix("npy: ") ? String(e.message.dropFirst("npy: ".count)) : e.message
            throw TensorError(e.kind, "\(op): '\(path)': \(why)")
        }
        let header = layout.header
        guard let rows = header.shape.first else {
            throw TensorError(.shape, "\(op): '\(path)' holds a single value (shape []); a data set needs one sample per row along dimension 0")
        }
        guard !(header.fortranOrder && header.shape.count > 1) else {
            throw TensorError(.value, "\(op): '\(path)' is stored in Fortran order, whose rows are not contiguous in the file; "
                              + "save it in C order, as np.save(path, np.ascontiguousarray(a)) does")
        }
        // One row must fit a tensor; the whole array need not.
        let rowElements = try Memory.count(Array(header.shape.dropFirst()), op: op)
        self.path = path
        self.file = file
        self.header = header
        self.op = op
        shape = header.shape
        dtype = header.dtype
        start = layout.start
        self.rowElements = rows == 0 ? 0 : rowElements
        rowBytes = self.rowElements * header.size
    }

    /// The number of rows.
    public var count: Int { shape[0] }

    /// The rows at `indices`, copied into a new tensor of shape `[indices.count] + shape[1...]`; an index
    /// out of range is an IndexError.
    public func rows<C: Collection>(_ indices: C) throws -> Tensor where C.Element == Int {
        for i in indices where i < 0 || i >= count {
            throw TensorError(.index, "\(op): row \(i) is out of range for the \(count) rows of '\(path)'")
        }
        let outBytes = rowElements * dtype.itemSize
        return try Tensor.filling([indices.count] + shape.dropFirst(), dtype: dtype, op: op) { out in
            for (j, i) in indices.enumerated() {
                let from = start + i * rowBytes
                NPY.copyElements(UnsafeRawBufferPointer(rebasing: file.bytes[from..<(from + rowBytes)]), header,
                                 into: UnsafeMutableRawBufferPointer(rebasing: out[(j * outBytes)..<((j + 1) * outBytes)]))
            }
        }
    }
}

/// Inputs, and optionally targets, read lazily from memory-mapped `.npy` files: one sample per row, in
/// each file's own dtype. For a `DataLoader` over arrays larger than memory.
public final class NpyDataset: MapDataset {
    public let inputs: MappedNpy
    public let targets: MappedNpy?

    /// Maps the files at `x` and `y`, which must hold the same number of rows.
    public init(_ x: String, _ y: String? = nil) throws {
        inputs = try MappedNpy(x)
        targets = try y.map { try MappedNpy($0) }
        if let targets, targets.count != inputs.count {
            throw TensorError(.shape, "NpyDataset: '\(x)' has \(inputs.count) rows but '\(targets.path)' has \(targets.count); inputs and targets need one row per sample")
        }
    }

    public var count: Int { inputs.count }
    public var hasTargets: Bool { targets != nil }

    public func samples(_ indices: ArraySlice<Int>) throws -> (x: Tensor, y: Tensor?) {
        (try inputs.rows(indices), try targets?.rows(indices))
    }
}
