import Archive

extension ArchiveSession {
    /// Ends the session by deleting it, for a command that never started (`run -- /no/such`):
    /// a session without a line or an exit of its own would only clutter the list. Failures
    /// are returned, as `finish` returns them.
    func discard() -> ArchiveError? {
        writer.finish()
        do throws(ArchiveError) {
            try Archive(path: path, mode: .readWrite).forget(session: id)
            return nil
        } catch {
            return error
        }
    }
}
