@testable import Script

/// Runs `code` as cell 1 of a fresh interpreter with the core library (after `prepare`, which may
/// define more), returning its value, what it printed and what it wrote to standard error.
func runCell(_ code: String, prepare: (Interpreter) -> Void = { _ in }) throws -> (value: Value?, output: String, errors: String) {
    let vm = Interpreter()
    CoreLibrary.install(into: vm)
    prepare(vm)
    var output = "", errors = ""
    vm.output = { output += $0 }
    vm.errorOutput = { errors += $0 }
    let value = try vm.run(Source(code, kind: .cell(1)))
    return (value, output, errors)
}
