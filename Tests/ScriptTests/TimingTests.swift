@testable import Script
import Testing

/// `timeit`'s summary reads as IPython's `%timeit` does.
@Suite struct TimingTests {
    @Test func durationsTakeTheUnitThatFits() {
        #expect(Timing.duration(0.00123) == "1.23 ms")
        #expect(Timing.duration(4.01e-5) == "40.1 µs")
        #expect(Timing.duration(2.5) == "2.5 s")
        #expect(Timing.duration(7e-9) == "7 ns")
        #expect(Timing.duration(0) == "0 ns")
        #expect(Timing.duration(0.1) == "100 ms")
    }

    @Test func summaryAsIPythonWritesIt() {
        let t = Timing(times: [0.001, 0.002, 0.003], loops: 1000)
        #expect(t.summary == "2 ms ± 816 µs per loop (mean ± std. dev. of 3 runs, 1,000 loops each)")
        #expect(Timing(times: [1], loops: 1).summary == "1 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)")
    }
}
