// swift-tools-version: 6.0
import PackageDescription

/// Release builds check nothing per element; the engine's hot loops rely on it. `-fno-math-errno` lets
/// `squareRoot()` (a C `sqrtf` call on Linux, kept scalar for errno's sake) become a vector instruction.
/// Debug builds optimize the engine too (keeping overflow and bounds checks), so the tests, the notebooks
/// and the kernel under test run at a speed a user would see, while the other targets stay debuggable.
let fast: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-Xcc", "-fno-math-errno"], .when(configuration: .release)),
    .unsafeFlags(["-O", "-Xcc", "-fno-math-errno"], .when(configuration: .debug)),
]

let package = Package(
    name: "Soma",
    // Synchronization's Atomic, which the interrupt flags use, needs macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "soma", targets: ["soma"]),
        .library(name: "TensorEngine", targets: ["TensorEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CWidth"),
        .systemLibrary(name: "CMPI", pkgConfig: "mpi", providers: [.apt(["libopenmpi-dev"])]),

        .target(name: "TensorEngine", dependencies: ["COpenBLAS"], swiftSettings: fast),
        .target(name: "JSONFormat"),
        .target(name: "Distributed", dependencies: ["TensorEngine", "CMPI"]),
        .target(name: "NN", dependencies: ["TensorEngine", "CZlib", "CPNG", "CTurboJPEG", "JSONFormat"], swiftSettings: fast),
        .target(name: "Plot", dependencies: ["CWidth"]),
        .target(name: "Script", swiftSettings: fast),
        .target(name: "SomaRuntime", dependencies: ["Script", "TensorEngine", "NN", "Plot", "JSONFormat", "Distributed"]),
        .target(name: "Jupyter", dependencies: [
            "CZeroMQ", "CSQLite", "JSONFormat", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "soma", dependencies: [
            "SomaRuntime", "Jupyter", "JSONFormat", "CEditLine", "Distributed",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "soma-bench", dependencies: ["TensorEngine", "NN", "COpenBLAS"],
                          path: "bench/SomaBench", swiftSettings: fast),

        // What several test targets share: the seeded generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TensorEngineTests", dependencies: ["TensorEngine"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "CZlib", "TestSupport"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "ScriptTests", dependencies: ["Script", "TestSupport"]),
        .testTarget(name: "SomaRuntimeTests", dependencies: ["SomaRuntime", "TestSupport", "JSONFormat"], exclude: ["Scripts"]),
        .testTarget(name: "JupyterTests", dependencies: ["Jupyter", "JSONFormat"]),
        .testTarget(name: "DistributedTests", dependencies: ["Distributed", "TensorEngine"]),
    ],
    swiftLanguageModes: [.v6]
)
