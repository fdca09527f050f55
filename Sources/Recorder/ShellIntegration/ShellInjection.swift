import Glibc

/// Makes a shell that `run` starts load ScrollVault's integration, with no change to the
/// user's files, the way terminals with shell integration do: bash gets an rcfile that
/// sources `~/.bashrc` first, zsh a ZDOTDIR whose startup files source the user's own, and
/// fish a vendor configuration directory put ahead in XDG_DATA_DIRS. The files live in a
/// private temporary directory, removed when the session ends (`remove()`).
public struct ShellInjection {
    public let command: [String]
    public let environment: [String: String]
    private let directory: String

    /// Nil when `command` is not an interactive bash, zsh or fish this knows how to inject
    /// (a script, a command string, a login bash), or the files cannot be written: the shell
    /// then runs as asked, unmarked.
    public init?(command: [String], environment: [String: String]) {
        guard let program = command.first, let shell = ShellIntegrationScript.Shell(program: program) else { return nil }
        let arguments = Array(command.dropFirst())
        var words = command
        var template = Array("\(environment["TMPDIR"] ?? "/tmp")/scrollvault-shell-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        directory = String(decoding: UnsafeRawBufferPointer(start: made, count: strlen(made)), as: UTF8.self)
        var environment = environment
        let snippet = ShellIntegrationScript.snippet(for: shell)
        switch shell {
        case .bash:
            // A login bash reads profiles, not an rcfile; arguments may name a script.
            guard arguments.allSatisfy({ $0 == "-i" }) else { Self.removeTree(directory); return nil }
            let rc = "\(directory)/bashrc"
            guard Self.write(rc, """
                [ -f ~/.bashrc ] && . ~/.bashrc
                \(snippet)
                """) else { Self.removeTree(directory); return nil }
            words = [program, "--rcfile", rc, "-i"]
        case .zsh:
            guard arguments.allSatisfy({ $0 == "-i" || $0 == "-l" || $0 == "--login" }) else { Self.removeTree(directory); return nil }
            let userDirectory = environment["ZDOTDIR"] ?? environment["HOME"] ?? "~"
            environment["SCROLLVAULT_USER_ZDOTDIR"] = userDirectory
            // Each file puts the user's ZDOTDIR back, sources the user's file of the same
            // name, then (for .zshrc) the integration; zsh reads the next file from ZDOTDIR,
            // so it is pointed back here until .zshrc has run.
            var ok = true
            for name in [".zshenv", ".zprofile", ".zshrc", ".zlogin"] {
                let last = name == ".zshrc" ? "\n\(snippet)" : ""
                let back = name == ".zshrc" || name == ".zlogin" ? "" : "ZDOTDIR=\(Self.quoted(directory))\n"
                ok = ok && Self.write("\(directory)/\(name)", """
                    ZDOTDIR=${SCROLLVAULT_USER_ZDOTDIR}
                    [[ -f $ZDOTDIR/\(name) ]] && source $ZDOTDIR/\(name)
                    \(back)\(last)
                    """)
            }
            guard ok else { Self.removeTree(directory); return nil }
            environment["ZDOTDIR"] = directory
        case .fish:
            guard arguments.allSatisfy({ $0 == "-i" || $0 == "-l" || $0 == "--login" }) else { Self.removeTree(directory); return nil }
            let vendor = "\(directory)/fish/vendor_conf.d"
            guard mkdir("\(directory)/fish", 0o700) == 0, mkdir(vendor, 0o700) == 0 else { Self.removeTree(directory); return nil }
            let original = environment["XDG_DATA_DIRS"]
            // The variable is put back as it was for the commands the shell runs.
            let restore = original.map { "set -gx XDG_DATA_DIRS \(Self.quoted($0))" } ?? "set -e XDG_DATA_DIRS"
            guard Self.write("\(vendor)/scrollvault.fish", "\(restore)\n\(snippet)") else { Self.removeTree(directory); return nil }
            environment["XDG_DATA_DIRS"] = directory + ":" + (original ?? "/usr/local/share:/usr/share")
        }
        self.command = words
        self.environment = environment
    }

    /// Removes the temporary files (the shell read them when it started).
    public func remove() {
        Self.removeTree(directory)
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    private static func write(_ path: String, _ text: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var text = text
        return text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
    }

    private static func removeTree(_ path: String) {
        for sub in ["/fish/vendor_conf.d/scrollvault.fish", "/bashrc", "/.zshenv", "/.zprofile", "/.zshrc", "/.zlogin"] {
            unlink(path + sub)
        }
        rmdir(path + "/fish/vendor_conf.d")
        rmdir(path + "/fish")
        rmdir(path)
    }
}
