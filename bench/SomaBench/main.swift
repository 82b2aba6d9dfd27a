import COpenBLAS
import Foundation
import TensorEngine

/// soma-bench: times Soma's engine on the workloads of bench/torch_bench.py (see bench/run.py), or
/// with --demo trains XOR for `make demo`.
let usage = """
    usage: soma-bench [--threads N] [--quick | --smoke] [--json] [--filter TEXT | --only NAME] | --list | --demo
      --threads N    worker threads for Soma's loops and OpenBLAS (default: the number of cores)
      --quick        shorter timing (0.25 s per workload instead of 1 s)
      --smoke        one call of each workload (the tests check that each runs)
      --json         one JSON line per measurement, for bench/run.py
      --filter TEXT  only the workloads whose name contains TEXT
      --only NAME    only the workload of that name (what bench/run.py runs, one process each)
      --list         the workload names, one a line
      --demo         train XOR and print the loss and the predictions (what `make demo` runs)
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write((message + "\n" + usage + "\n").data(using: .utf8)!)
    exit(2)
}

var threads = ProcessInfoCores.count
var config = TimingConfig.full
var json = false, demo = false
var filter: String?
var only: String?
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--threads":
        guard let v = args.popFirst().flatMap({ Int($0) }), v > 0 else { fail("--threads needs a positive number") }
        threads = v
    case "--quick": config = .quick
    case "--smoke": config = .smoke
    case "--json": json = true
    case "--demo": demo = true
    case "--list":
        for (name, _) in workloads(threads: 1, config) { print(name) }
        exit(0)
    case "--filter":
        guard let v = args.popFirst() else { fail("--filter needs a text") }
        filter = v
    case "--only":
        guard let v = args.popFirst() else { fail("--only needs a workload name") }
        only = v
    case "-h", "--help":
        print(usage)
        exit(0)
    default: fail("unknown option \(arg)")
    }
}

let context = EngineContext(workers: threads)
openblas_set_num_threads(Int32(threads))

do {
    if demo {
        exit(try context.run { try runDemo() } ? 0 : 1)
    }
    let blasConfig = openblas_get_config().map { String(cString: $0) } ?? "unknown"
    if json {
        print(#"{"side": "soma", "name": "_meta", "threads": \#(threads), "cores": \#(ProcessInfoCores.count), "openblas": \#(jsonString(blasConfig))}"#)
    } else {
        print("soma-bench: \(threads) thread(s) of \(ProcessInfoCores.count) cores, \(blasConfig)")
    }
    try context.run {
        let wanted = { (name: String) in (only.map { name == $0 } ?? true) && (filter.map { name.contains($0) } ?? true) }
        try runAll(threads: threads, config, wanted: wanted) { m in
            print(json ? m.json(threads: threads) : m.text)
            fflush(nil)
        }
    }
} catch {
    FileHandle.standardError.write("soma-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
