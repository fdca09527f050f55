import Archive
import ArgumentParser

/// The COMMAND argument of `show` and `diff`: a command id, or -N for the Nth last finished
/// one (default -1).
struct CommandChoice: ParsableArguments {
    /// Unrecognised words are taken too, so that `-2` is not read as an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("A command id, or -N for the Nth last (default -1).", valueName: "id"))
    var words: [String] = []

    var text: String { words.first ?? "-1" }

    func validate() throws {
        if words.count > 1 { throw ValidationError("one command at a time, not \(words.joined(separator: " "))") }
        if CommandReference(text) == nil { throw ValidationError("'\(text)' is neither a command id nor -N") }
    }

    /// The command chosen; a failure with status `missing` when there is none.
    func resolve(in db: Archive, missing: Int32) throws -> CommandSummary {
        guard let found = try CommandReference(text)!.resolve(in: db) else {
            throw CLIError("no command \(text) (see `scrollvault commands`)", code: missing)
        }
        return found
    }
}

/// A command named on the command line: its id, or -N for the Nth last finished one.
struct CommandReference {
    enum Kind { case id(Int64), back(Int) }
    let kind: Kind

    init?(_ text: String) {
        if text.hasPrefix("-"), let n = Int(text.dropFirst()), n >= 1 {
            kind = .back(n)
        } else if let id = Int64(text), id >= 1 {
            kind = .id(id)
        } else {
            return nil
        }
    }

    func resolve(in db: Archive) throws -> CommandSummary? {
        switch kind {
        case .id(let id): try db.command(id: id)
        case .back(let n): try db.recentFinishedCommand(back: n)
        }
    }
}
