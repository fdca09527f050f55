// Parses the command line and runs the subcommand; every failure ends with the status
// `ExitStatus` gives it and one line on stderr (`scrollvault: …`) or argument-parser's usage.
let arguments = RemoteOptions.normalize(Array(CommandLine.arguments.dropFirst()))
do {
    try ScrollVault.checkHelpTopic(arguments)
    var command = try ScrollVault.parseAsRoot(arguments)
    try command.run()
} catch {
    exitReporting(error, runsACommand: ["run", "exec"].contains(arguments.first))
}
