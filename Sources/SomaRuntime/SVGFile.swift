import Foundation
import Script

/// Writing a drawing's SVG or text form to a file, as `chart.save(path)` and `graph.save(path)` do.
enum SVGFile {
    /// Writes `svg` to `path`, or `text` when the path ends in `.txt`, atomically; returns the path.
    static func save(path: String, svg: () -> String, text: () -> String) throws -> Value {
        let content = path.lowercased().hasSuffix(".txt") ? text() : svg()
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ScriptError("ValueError", "cannot write '\(path)': the folder '\(folder)' does not exist")
        }
        do {
            try Data(content.utf8).write(to: url, options: .atomic)
        } catch {
            throw ScriptError("ValueError", "cannot write '\(path)': \(error.localizedDescription)")
        }
        return .string(path)
    }
}
