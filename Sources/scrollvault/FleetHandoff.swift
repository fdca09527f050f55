import Glibc

/// `scrollvault` hands the team-server commands (`sync`, `--remote`) to `scrollvault-fleet`,
/// the same command line built with the PostgreSQL client, installed beside it. Linking that
/// client (and the Foundation it needs) into every local command would slow each one's start.
enum FleetHandoff {
    /// Where `scrollvault-fleet` is: beside this binary.
    static var path: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "scrollvault-fleet" }
        let me = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = me.lastIndex(of: "/") else { return "scrollvault-fleet" }
        return String(me[...slash]) + "scrollvault-fleet"
    }

    /// Replaces this process with `scrollvault-fleet` and the same arguments; returns only by
    /// throwing, when it cannot be run.
    static func exec() throws -> Never {
        let target = path
        #if FLEET
        // Already the fleet binary: the command was not handed over but dispatched wrongly.
        throw CLIError("internal error: \(target) was asked to hand over to itself")
        #else
        let arguments = [target] + CommandLine.arguments.dropFirst()
        var argv = arguments.map { strdup($0) } + [nil]
        execv(target, &argv)
        let reason = String(cString: strerror(errno))
        for pointer in argv { free(pointer) }
        throw CLIError("the team-server commands (sync, --remote) are in \(target), which cannot be run: \(reason); build it with `swift build` (or `make release`) and install it beside scrollvault")
        #endif
    }
}
