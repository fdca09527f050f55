import FoundationEssentials
import Redaction

/// The redactor a recording command uses: the built-ins plus the configuration file's
/// patterns (`RedactionConfiguration`), or none with `--no-redact`.
enum RedactionSettings {
    static func configurationPath() -> String {
        RedactionConfiguration.path(environment: ProcessInfo.processInfo.environment)
    }

    /// For commands that can stop and be run again (`import`, `redact`): a bad configuration
    /// is an error, so nothing is archived or rewritten with fewer patterns than the user asked for.
    static func strict() throws -> Redactor {
        let loaded = RedactionConfiguration.load(path: configurationPath())
        if let problem = loaded.problems.first {
            throw CLIError("\(problem) (fix the configuration, or pass --no-redact)")
        }
        return loaded.redactor
    }

    /// For `run`, whose command must start whatever the configuration says: each problem is
    /// a warning, and the session is recorded with the built-ins and every pattern that compiled.
    static func lenient() -> Redactor {
        let loaded = RedactionConfiguration.load(path: configurationPath())
        for problem in loaded.problems {
            warn("\(problem); recording with the built-in patterns and the valid ones of the file")
        }
        return loaded.redactor
    }
}
