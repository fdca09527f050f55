import PageStore

/// Interns the styles cells of one screen grid use; cells store a 16-bit id into it.
///
/// Id 0 is always the default style. The table only grows while output runs; when it is full the
/// grid compacts it by keeping the ids its cells still use (`retain(only:)`), so a program that
/// cycles through millions of colours never grows it past `capacity`.
struct StyleTable {
    static let capacity = 4096

    private(set) var styles: [Style] = [.default]
    private var ids: [Style: UInt16] = [.default: 0]

    var isFull: Bool { styles.count >= StyleTable.capacity }

    @inline(__always) subscript(id: UInt16) -> Style {
        let index = Int(id)
        return index < styles.count ? styles[index] : .default
    }

    /// The id of `style`, adding it when new; nil when the table is full.
    mutating func id(for style: Style) -> UInt16? {
        if style.isDefault { return 0 }
        if let id = ids[style] { return id }
        guard !isFull else { return nil }
        let id = UInt16(styles.count)
        styles.append(style)
        ids[style] = id
        return id
    }

    /// Rebuilds the table with only the styles in `used` (indexed by old id) and returns the
    /// old-id → new-id mapping, so the grid can rewrite its cells.
    mutating func compact(keeping used: [Bool]) -> [UInt16] {
        var remap = [UInt16](repeating: 0, count: styles.count)
        var kept: [Style] = [.default]
        var keptIDs: [Style: UInt16] = [.default: 0]
        for (oldID, style) in styles.enumerated() where oldID > 0 && oldID < used.count && used[oldID] {
            let newID = UInt16(kept.count)
            kept.append(style)
            keptIDs[style] = newID
            remap[oldID] = newID
        }
        styles = kept
        ids = keptIDs
        return remap
    }
}
