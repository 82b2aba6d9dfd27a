import Testing
import SomaRuntime

/// Hooks reach layer instances declared in Soma the way they reach engine layers, and completion
/// lists every member a layer instance answers.
@Suite struct HookTests {
    @Test func aLayerInstanceCompletesEveryModuleMember() throws {
        let runtime = Runtime()
        _ = try runtime.run("""
            layer Doubler {
                fn forward(x) { x * 2 }
            }
            let d = Doubler()
            """, as: .cell(1))
        let matches = runtime.complete("d.register", cursor: 10).matches
        #expect(matches.contains("registerForwardHook") && matches.contains("registerForwardPreHook"))
        #expect(runtime.complete("d.named", cursor: 7).matches.contains("namedBuffers"))
    }
}
