// swift-tools-version:6.0
import PackageDescription

/// ScrollVault: a recorder that keeps every line a terminal showed, searchable, under a memory cap.
///
/// Who may import whom: OwnedMemory (noncopyable buffers), PageStore and VTParser use nothing
/// but the standard library; Terminal builds on both; Support holds what every threaded module
/// shares (threads, monitors, clocks, standard error, CPU placement); Archive stores lines (not
/// pages or screens) and imports neither PageStore nor Terminal; PTY wraps the pseudo-terminal
/// syscalls; Recorder is the one place that ties pty, terminal and archive together;
/// AgentServer answers MCP clients from the archive (the only module on the MCP SDK); it runs
/// as its own program, scrollvault-mcp, that `scrollvault mcp` becomes; TextDiff and TimeText
/// are small shared helpers; the CLI is thin over them, and nothing imports it.
/// The per-byte and per-line modules keep each object on one thread (the emulator's, the
/// writer's), so release builds skip Swift's dynamic exclusivity checks there, a measurable
/// share of their time (docs/decisions.md). The checks only catch overlapping accesses on one
/// thread, not races; debug builds and tests keep them, so this flag is the one mechanism (no
/// `@exclusivity(unchecked)` attributes in the sources).
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "ScrollVault",
    products: [
        .executable(name: "scrollvault", targets: ["scrollvault"]),
        .executable(name: "scrollvault-mcp", targets: ["scrollvault-mcp"]),
        .executable(name: "scrollvault-fleet", targets: ["scrollvault-fleet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The configuration file's TOML (redaction patterns): parsed by a library, not by hand.
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
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
        .target(name: "CPTY"),
        .target(name: "CSupport"),
        // FTS5 tokenizers the archive registers on every connection (C: the tokenizer API is C).
        .target(name: "CTokenizers", dependencies: ["CSQLite"]),

        // Core, standard library only.
        .target(name: "OwnedMemory", swiftSettings: hotPath),
        .target(name: "PageStore", swiftSettings: hotPath),
        .target(name: "VTParser", swiftSettings: hotPath),
        .target(name: "Terminal", dependencies: ["OwnedMemory", "PageStore", "VTParser"], swiftSettings: hotPath),

        // Threads, monitors, clocks, standard error and CPU placement, for every module that
        // runs threads of its own.
        .target(name: "Support", dependencies: ["CSupport"]),

        // Storage, system access and glue.
        .target(name: "Archive", dependencies: ["Support", "OwnedMemory", "CSQLite", "CTokenizers", "CZlib", "CZstd", "CLZ4", "CPCRE2"], swiftSettings: hotPath),
        .target(name: "PTY", dependencies: ["Support", "OwnedMemory", "CPTY"]),
        // The recorded-session formats `import` reads (asciicast, typescript, text, raw).
        .target(name: "RecordingFormats", dependencies: ["OwnedMemory"]),
        // Secrets out of recorded text; it matches with Archive's PCRE2 wrapper.
        .target(name: "Redaction", dependencies: ["Archive", .product(name: "TOMLKit", package: "TOMLKit")], swiftSettings: hotPath),
        .target(name: "TimeText"),
        .target(name: "TextDiff"),
        .target(name: "AgentServer", dependencies: ["Archive", "TextDiff", "TimeText", .product(name: "MCP", package: "swift-sdk")]),
        .target(name: "Recorder", dependencies: ["OwnedMemory", "Terminal", "PageStore", "Archive", "PTY", "Support", "RecordingFormats", "Redaction"], swiftSettings: hotPath),
        // Ships the archive to a team's PostgreSQL and searches it there; the only module that talks to a network.
        .target(name: "Fleet", dependencies: ["Archive", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .executableTarget(
            name: "scrollvault",
            dependencies: [
                "Recorder", "RecordingFormats", "Archive", "PTY", "Support", "VTParser", "Redaction", "TextDiff", "TimeText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and FoundationEssentials linked in: `search` starts in about half
            // the time, and the binary runs where no Swift is installed. Nothing uses the rest of
            // Foundation, which brings ICU and many more conformances to scan at start
            // (docs/decisions.md).
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group", "-l_FoundationCShims", "-l_FoundationCollections", "-lFoundationEssentials", "-Xlinker", "--end-group"], .when(configuration: .release))]
        ),
        // `scrollvault mcp` becomes this program: the MCP SDK brings all of Foundation (ICU and
        // networking), which the static link above leaves out and every other command would pay for.
        .executableTarget(name: "scrollvault-mcp", dependencies: ["AgentServer", "Redaction"]),
        // The same command line (Sources/scrollvault-fleet is a link to Sources/scrollvault)
        // with the team server's client in it: `scrollvault` hands `sync` and `--remote` over to
        // it (FleetHandoff). PostgresNIO needs all of Foundation, CoreFoundation and ICU, which
        // would make every local command start slower and the binary five times larger
        // (docs/decisions.md); so they live in this second binary only.
        .executableTarget(
            name: "scrollvault-fleet",
            dependencies: [
                "Recorder", "RecordingFormats", "Archive", "PTY", "Support", "VTParser", "Redaction", "TextDiff", "TimeText", "Fleet",
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
        .executableTarget(name: "archive-bench", dependencies: ["Archive", "Support"], path: "Benchmarks/archive-bench"),
        .executableTarget(name: "redaction-bench", dependencies: ["Redaction"], path: "Benchmarks/redaction-bench"),

        // Tests, one target beside each module, plus end-to-end tests of the built binary.
        .testTarget(name: "OwnedMemoryTests", dependencies: ["OwnedMemory"]),
        .testTarget(name: "PageStoreTests", dependencies: ["PageStore"]),
        .testTarget(name: "VTParserTests", dependencies: ["VTParser"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "PageStore", "VTParser"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "Support", "CSQLite", "CTokenizers", "CPCRE2"]),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "PTYTests", dependencies: ["PTY", "Support"]),
        .testTarget(name: "RecordingFormatsTests", dependencies: ["RecordingFormats"]),
        .testTarget(name: "RedactionTests", dependencies: ["Redaction"]),
        .testTarget(name: "RecorderTests", dependencies: ["Recorder", "RecordingFormats", "Archive", "Terminal", "Support"]),
        .testTarget(name: "TextDiffTests", dependencies: ["TextDiff"]),
        .testTarget(name: "AgentServerTests", dependencies: ["AgentServer", "Archive", .product(name: "MCP", package: "swift-sdk")]),
        .testTarget(name: "FleetTests", dependencies: ["Fleet", "Archive"]),
        .testTarget(name: "EndToEndTests", dependencies: ["scrollvault", "scrollvault-fleet", "Support", "TimeText"]),
    ],
    swiftLanguageModes: [.v6]
)
