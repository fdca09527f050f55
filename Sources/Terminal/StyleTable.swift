import PageStore

/// Interns the styles cells of one screen grid use; cells store a 16-bit id into it.
///
/// Id 0 is always the default style. The table only grows while output runs; when it is full the
/// grid compacts it by keeping the ids its cells still use (`retain(only:)`), so a program that
/// cycles through millions of colours never grows it past `capacity`.
struct StyleTable {
    static let capacity = 4096

    private(set) var styles: [Style] = [.default]
    /// Open-addressed index of `styles` (ids; 0 marks a free slot, the default style is never
    /// stored): twice `capacity` slots, so probes stay short even when the table is full.
    /// Every SGR looks its style up here; hashing `Style` through `Hasher` cost more than the
    /// rest of the SGR.
    private var slots = [UInt16](repeating: 0, count: StyleTable.slotCount)
    private static let slotCount = 2 * capacity

    var isFull: Bool { styles.count >= StyleTable.capacity }

    @inline(__always) subscript(id: UInt16) -> Style {
        let index = Int(id)
        return index < styles.count ? styles[index] : .default
    }

    /// The id of `style`, adding it when new; nil when the table is full.
    mutating func id(for style: Style) -> UInt16? {
        if style.isDefault { return 0 }
        let slot = findSlot(style)
        let found = slots[slot]
        if found != 0 { return found }
        guard !isFull else { return nil }
        let id = UInt16(styles.count)
        styles.append(style)
        slots[slot] = id
        return id
    }

    /// The slot holding `style`'s id, or the free slot where it belongs.
    @inline(__always)
    private func findSlot(_ style: Style) -> Int {
        let mask = StyleTable.slotCount - 1
        return slots.withUnsafeBufferPointer { slots in
            styles.withUnsafeBufferPointer { styles in
                var slot = style.tableHash & mask
                while true {
                    let id = slots[slot]
                    if id == 0 || styles[Int(id)] == style { return slot }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Rebuilds the table with only the styles in `used` (indexed by old id) and returns the
    /// old-id → new-id mapping, so the grid can rewrite its cells.
    mutating func compact(keeping used: [Bool]) -> [UInt16] {
        var remap = [UInt16](repeating: 0, count: styles.count)
        let old = styles
        styles = [.default]
        slots = [UInt16](repeating: 0, count: StyleTable.slotCount)
        for (oldID, style) in old.enumerated() where oldID > 0 && oldID < used.count && used[oldID] {
            remap[oldID] = id(for: style) ?? 0
        }
        return remap
    }
}
