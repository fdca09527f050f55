import ArgumentParser
import FoundationEssentials
import Glibc
import TimeText

/// Sizes like `16MiB`, `512KiB`, `1G`, `1TiB`, `4096`: binary units, case-insensitive, optional `B`/`iB`.
func parseByteSize(_ text: String) -> Int? {
    let lowered = trimmingSpaces(text).lowercased()
    var digits = lowered.prefix { $0.isNumber || $0 == "." }
    guard !digits.isEmpty, let value = Double(digits) else { return nil }
    var unit = String(trimmingSpaces(lowered.dropFirst(digits.count)))
    for suffix in ["ib", "b"] where unit.hasSuffix(suffix) { unit = String(unit.dropLast(suffix.count)); break }
    let scale: Double
    switch unit {
    case "": scale = 1
    case "k": scale = 1024
    case "m": scale = 1_048_576
    case "g": scale = 1_073_741_824
    case "t": scale = 1_099_511_627_776
    default: return nil
    }
    digits = ""
    let bytes = value * scale
    guard bytes.isFinite, bytes >= 0, bytes < Double(Int.max) else { return nil }
    return Int(bytes)
}

/// `--scrollback-memory`: what `run` and `import` accept, and what they do with too little.
///
/// Below the minimum the page store could not hold the page being written plus one, so a
/// smaller budget (0 included) is raised to it, saying so; above the maximum is refused, as a
/// typo far more often than a wish (the archive keeps every line whatever the budget).
enum ScrollbackMemory {
    static let minimum = 1 << 20
    static let maximum = 64 << 30
    static let range = "1MiB to 64GiB"

    /// Refuses text that is not a size, or a size above the maximum.
    static func validate(_ text: String) throws {
        guard let bytes = parseByteSize(text) else {
            throw ValidationError("--scrollback-memory '\(text)' is not a size: give \(range), e.g. 16MiB")
        }
        if bytes > maximum {
            throw ValidationError("--scrollback-memory '\(text)' is more than the maximum: give \(range) (the archive keeps every line whatever this is)")
        }
    }

    /// The budget in bytes for validated text, raised to the minimum with a warning on stderr.
    static func bytes(_ text: String) -> Int {
        let bytes = parseByteSize(text) ?? minimum  // validated: always a size
        if bytes < minimum {
            warn("--scrollback-memory \(text) raised to 1MiB, the minimum")
            return minimum
        }
        return bytes
    }
}

func formatDuration(_ milliseconds: Int64) -> String {
    let seconds = milliseconds / 1000
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60)s" }
    return "\(seconds / 3600)h\(seconds % 3600 / 60)m"
}

/// `512 bytes`, `1.5 KiB`, `152 MiB`, `2.0 GiB`: binary units as `parseByteSize` reads them,
/// one decimal below 10 of a unit.
func formatByteSize(_ bytes: Int64) -> String {
    if bytes < 1024 { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
    var value = Double(bytes)
    var unit = "bytes"
    for next in ["KiB", "MiB", "GiB", "TiB"] where value >= 1024 {
        value /= 1024
        unit = next
    }
    if value < 10 {
        let tenths = Int((value * 10).rounded())
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10) \(unit)" }
    }
    return "\(Int(value.rounded())) \(unit)"
}
