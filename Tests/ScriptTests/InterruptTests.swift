import Foundation
import Synchronization
import Testing
@testable import Script

/// A parse of a huge cell stops when the user interrupts, having run nothing.
@Suite struct InterruptTests {
    /// Set from another thread, read by the parse.
    final class Flag: Sendable {
        private let raised = Atomic(false)
        func raise() { raised.store(true, ordering: .sequentiallyConsistent) }
        var isRaised: Bool { raised.load(ordering: .sequentiallyConsistent) }
    }

    /// A flag of the test's own, not the interpreter's, which other tests running in parallel read.
    @Test(.timeLimit(.minutes(2))) func anInterruptStopsALargeParse() {
        let text = ProgramGenerator.program(units: 80_000)
        #expect(text.utf8.count > 50_000_000)
        let flag = Flag()
        let interrupter = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            flag.raise()
        }
        interrupter.start()
        do {
            _ = try Parser.parse(Source(text, kind: .cell(1)), interruption: ParseInterruption { flag.isRaised })
            Issue.record("the parse was not interrupted")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.interruption?.kind == "Interrupted")
            #expect(error.interruption?.message == "parsing was interrupted; nothing ran")
        }
    }

    @Test func anInterruptedAnalysisReportsNoSyntaxErrors() {
        let analysis = Parser.analyze(Source("let = 1\n" + ProgramGenerator.program(units: 100), kind: .cell(1)),
                                      interruption: ParseInterruption { true })
        #expect(analysis.interrupted)
        #expect(analysis.diagnostics.isEmpty)
    }
}
