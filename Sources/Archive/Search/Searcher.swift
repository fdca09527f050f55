/// Placeholder search: replaced by the indexed implementation.
struct Searcher {
    let archive: Archive
    let query: SearchQuery
    init(archive: Archive, query: SearchQuery) throws(ArchiveError) {
        self.archive = archive
        self.query = query
    }
    mutating func run() throws(ArchiveError) -> [SearchHit] { [] }
}
