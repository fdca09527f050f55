// Parses the command line and runs the subcommand; every failure ends in one line on stderr
// (`scrollvault: …`) and the documented exit code: 1 failure, 64 usage, the child's for run.
do {
    var command = try ScrollVault.parseAsRoot()
    try command.run()
} catch {
    exitReporting(error)
}
