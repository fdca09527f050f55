extension Archive {
    /// Searches all lines; see `SearchQuery.Mode` for what each mode matches.
    public func search(_ query: SearchQuery) throws(ArchiveError) -> [SearchHit] {
        var searcher = try Searcher(archive: self, query: query)
        return try searcher.run()
    }
}
