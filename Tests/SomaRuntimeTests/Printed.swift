@testable import SomaRuntime

/// What `code` prints when run as one cell of a fresh session.
func printed(_ code: String) throws -> String {
    let runtime = Runtime()
    var output = ""
    runtime.output = { output += $0 }
    _ = try runtime.run(code, as: .cell(1))
    return output
}
