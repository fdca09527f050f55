// swift-tools-version:6.0
import PackageDescription

/// ScrollVault: a recorder that keeps every line a terminal showed, searchable, under a memory cap.
///
/// Who may import whom: PageStore and VTParser use nothing but the standard library; Terminal
/// builds on both; Archive stores lines (not pages or screens) and imports neither; PTY wraps the
/// pseudo-terminal syscalls; Recorder is the one place that ties pty, terminal and archive
/// together; the CLI is thin over Recorder and Archive, and nothing imports it.
/// The per-byte and per-line modules keep each object on one thread (the emulator's, the
/// writer's), so release builds skip Swift's dynamic exclusivity checks there: measured at 17%
/// of emulation time (`swift_beginAccess` on class properties touched per cell) and 5% of the
/// writer thread's instructions in a burst (the chunk builder, per line). The checks only catch
/// overlapping accesses on one thread, not races; debug builds and tests keep them.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "ScrollVault",
    products: [
        .executable(name: "scrollvault", targets: ["scrollvault"]),
        .executable(name: "scrollvault-fleet", targets: ["scrollvault-fleet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The fleet's shared store is PostgreSQL, spoken to through its pure-Swift client (no libpq).
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // System libraries and C shims.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZ4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CPCRE2", providers: [.apt(["libpcre2-dev"])]),
        // Header only: the CPU affinity call the Swift Glibc module does not declare.
        .systemLibrary(name: "CSched"),
        .target(name: "CPTY"),

        // Core, standard library only.
        .target(name: "PageStore", swiftSettings: hotPath),
        .target(name: "VTParser", swiftSettings: hotPath),
        .target(name: "Terminal", dependencies: ["PageStore", "VTParser"], swiftSettings: hotPath),

        // Storage, system access and glue.
        .target(name: "Archive", dependencies: ["CSQLite", "CZlib", "CZstd", "CLZ4", "CPCRE2", "CSched"], swiftSettings: hotPath),
        .target(name: "PTY", dependencies: ["CPTY"]),
        .target(name: "Recorder", dependencies: ["Terminal", "PageStore", "Archive", "PTY"], swiftSettings: hotPath),
        // Ships the archive to a team's PostgreSQL and searches it there; the only module that talks to a network.
        .target(name: "Fleet", dependencies: ["Archive", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .executableTarget(
            name: "scrollvault",
            dependencies: [
                "Recorder", "Archive", "PTY", "VTParser",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and FoundationEssentials linked in: `search` starts in about half
            // the time (3.6 ms against 6.4 ms measured), and the binary runs where no Swift is
            // installed. Nothing uses the rest of Foundation (Thread, FileHandle, formatters),
            // which brought ICU's 38 MiB and 1,900 more protocol conformances for the runtime to
            // scan at start.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group", "-l_FoundationCShims", "-l_FoundationCollections", "-lFoundationEssentials", "-Xlinker", "--end-group"], .when(configuration: .release))]
        ),
        // The same command line (Sources/scrollvault-fleet is a link to Sources/scrollvault)
        // with the team server's client in it: `scrollvault` hands `sync` and `--remote` over to
        // it (FleetHandoff). PostgresNIO needs all of Foundation, CoreFoundation and ICU, which
        // would make every local command start slower (search: 5.3 against 9.5 ms measured)
        // and the binary five times larger; so they live in this second binary only.
        .executableTarget(
            name: "scrollvault-fleet",
            dependencies: [
                "Recorder", "Archive", "PTY", "VTParser", "Fleet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/scrollvault-fleet",
            swiftSettings: [.define("FLEET")],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group", "-l_FoundationCShims", "-l_FoundationCollections", "-lFoundationEssentials",
                                           "-lFoundation", "-lFoundationInternationalization", "-lCoreFoundation", "-l_FoundationICU",
                                           "-lswiftDispatch", "-ldispatch", "-lBlocksRuntime", "-Xlinker", "--end-group"], .when(configuration: .release))]
        ),

        // Benchmark programs (`make bench`): they print figures, they are not tests.
        .executableTarget(name: "pagestore-bench", dependencies: ["PageStore"], path: "Benchmarks/pagestore-bench"),
        .executableTarget(name: "terminal-bench", dependencies: ["Terminal", "VTParser", "PageStore"], path: "Benchmarks/terminal-bench"),
        .executableTarget(name: "archive-bench", dependencies: ["Archive"], path: "Benchmarks/archive-bench"),

        // Tests, one target beside each module, plus end-to-end tests of the built binary.
        .testTarget(name: "PageStoreTests", dependencies: ["PageStore"]),
        .testTarget(name: "VTParserTests", dependencies: ["VTParser"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "PageStore", "VTParser"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "CSQLite", "CPCRE2"]),
        .testTarget(name: "PTYTests", dependencies: ["PTY"]),
        .testTarget(name: "RecorderTests", dependencies: ["Recorder", "Archive", "Terminal"]),
        .testTarget(name: "FleetTests", dependencies: ["Fleet", "Archive"]),
        .testTarget(name: "EndToEndTests", dependencies: ["scrollvault", "scrollvault-fleet"]),
    ],
    swiftLanguageModes: [.v6]
)
