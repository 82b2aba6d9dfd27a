import Foundation
import NN
import TensorEngine
import Script

/// Writing a drawing's SVG or text form to a file, as `chart.save(path)` and `graph.save(path)` do.
enum SVGFile {
    /// The formats `save` writes, by file extension.
    static let formats = [".svg": "SVG", ".txt": "text"]

    /// Writes `svg` to `path` when it ends in `.svg`, or `text` when it ends in `.txt`, atomically; returns
    /// the path. Any other extension is refused: writing SVG into `plot.png` would make a file no viewer opens.
    static func save(path: String, svg: () -> String, text: () -> String) throws -> Value {
        try Convert.checkPath(path, "save")
        let lower = path.lowercased()
        guard let ext = formats.keys.first(where: { lower.hasSuffix($0) }) else {
            let supported = formats.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            throw ScriptError("ValueError", "save: cannot write '\(path)': the extension names the format, and the supported ones are \(supported)")
        }
        let content = ext == ".txt" ? text() : svg()
        let folder = URL(fileURLWithPath: FileIO.resolved(path)).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ScriptError("ValueError", "cannot write '\(path)': the folder '\(folder)' does not exist")
        }
        do {
            try FileIO.writeAtomically(Array(content.utf8), to: path)
        } catch let e as TensorError {
            throw e.scriptError
        }
        return .string(path)
    }
}
