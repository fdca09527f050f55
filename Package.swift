// swift-tools-version:6.0
import PackageDescription

/// ScrollVault: a recorder that keeps every line a terminal showed, searchable, under a memory cap.
///
/// Who may import whom: PageStore and VTParser use nothing but the standard library; Terminal
/// builds on both; Archive stores lines (not pages or screens) and imports neither; PTY wraps the
/// pseudo-terminal syscalls; Recorder is the one place that ties pty, terminal and archive
/// together; the CLI is thin over Recorder and Archive, and nothing imports it.
/// The emulator's hot paths touch class-held arrays per cell; release builds skip the dynamic
/// exclusivity check there (about a third of the time per byte). Debug builds and tests keep it.
let uncheckedExclusivityInRelease: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "ScrollVault",
    products: [
        .executable(name: "scrollvault", targets: ["scrollvault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries and C shims.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CPTY"),

        // Core, standard library only.
        .target(name: "PageStore", swiftSettings: uncheckedExclusivityInRelease),
        .target(name: "VTParser", swiftSettings: uncheckedExclusivityInRelease),
        .target(name: "Terminal", dependencies: ["PageStore", "VTParser"], swiftSettings: uncheckedExclusivityInRelease),

        // Storage, system access and glue.
        .target(name: "Archive", dependencies: ["CSQLite", "CZlib"]),
        .target(name: "PTY", dependencies: ["CPTY"]),
        .target(name: "Recorder", dependencies: ["Terminal", "PageStore", "Archive", "PTY"]),
        .executableTarget(
            name: "scrollvault",
            dependencies: [
                "Recorder", "Archive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Benchmark programs (`make bench`): they print figures, they are not tests.
        .executableTarget(name: "pagestore-bench", dependencies: ["PageStore"], path: "Benchmarks/pagestore-bench"),
        .executableTarget(name: "terminal-bench", dependencies: ["Terminal", "VTParser", "PageStore"], path: "Benchmarks/terminal-bench"),
        .executableTarget(name: "archive-bench", dependencies: ["Archive"], path: "Benchmarks/archive-bench"),

        // Tests, one target beside each module, plus end-to-end tests of the built binary.
        .testTarget(name: "PageStoreTests", dependencies: ["PageStore"]),
        .testTarget(name: "VTParserTests", dependencies: ["VTParser"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "PageStore", "VTParser"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "CSQLite"]),
        .testTarget(name: "PTYTests", dependencies: ["PTY"]),
        .testTarget(name: "RecorderTests", dependencies: ["Recorder", "Archive", "Terminal"]),
        .testTarget(name: "EndToEndTests", dependencies: ["scrollvault"]),
    ],
    swiftLanguageModes: [.v6]
)
