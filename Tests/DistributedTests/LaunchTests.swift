@testable import Distributed
import Testing

/// Reading the launcher's environment: which processes start MPI and which run alone.
@Suite struct LaunchTests {
    func detect(_ env: [String: String]) -> Launch? { Launch.detect { env[$0] } }

    @Test func openMPIsVariablesGiveRankSizeAndLocalSize() {
        #expect(detect(["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "3", "OMPI_COMM_WORLD_LOCAL_SIZE": "2"])
                == Launch(rank: 3, size: 4, localSize: 2))
    }

    @Test func mpichsAndSlurmsPMIVariablesCountToo() {
        #expect(detect(["PMI_SIZE": "2", "PMI_RANK": "1"]) == Launch(rank: 1, size: 2, localSize: 1))
        #expect(detect(["SLURM_STEP_NUM_TASKS": "8", "SLURM_PROCID": "5", "SLURM_STEP_TASKS_PER_NODE": "4(x2)"])
                == Launch(rank: 5, size: 8, localSize: 4))
    }

    @Test func aBatchScriptOrAPlainShellIsNoLaunch() {
        #expect(detect([:]) == nil)
        #expect(detect(["SLURM_NTASKS": "8", "SLURM_PROCID": "0", "SLURM_STEP_NUM_TASKS": "1"]) == nil)
    }

    @Test func nonsenseValuesAreNoLaunch() {
        #expect(detect(["OMPI_COMM_WORLD_SIZE": "two", "OMPI_COMM_WORLD_RANK": "0"]) == nil)
        #expect(detect(["OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "2"]) == nil)
        #expect(detect(["PMI_SIZE": "0", "PMI_RANK": "0"]) == nil)
    }
}
