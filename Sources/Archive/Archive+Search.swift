extension Archive {
    /// Searches all lines; see `SearchQuery.Mode` for what each mode matches.
    public func search(_ query: SearchQuery) throws(ArchiveError) -> [SearchHit] {
        try searchCounting(query).hits
    }

    /// Searches all lines and counts the matching lines as `query.counting` asks.
    public func searchCounting(_ query: SearchQuery) throws(ArchiveError) -> SearchResults {
        var searcher = try Searcher(archive: self, query: query)
        return try searcher.run()
    }
}
