import OwnedMemory
import PageStore
import Terminal

/// The SGR parameters of each style a session uses ("1;38;5;196"), as UTF-8 bytes, so a
/// colourful stream does not rebuild them per style run.
///
/// Direct-mapped by `Style.tableHash` (a colliding style replaces the entry), over buffers
/// owned here: the slots hold no reference-counted values and the bytes live in one arena, so a
/// lookup costs no retain or release. A `[Style: String]` spent ~2% of the emulator thread on
/// emoji/SGR text hashing styles with SipHash; a 1,024-slot table of Strings still rebuilt
/// strings for colliding palette colours and paid reference counting on every run.
final class SGRCache {
    private struct Slot: BitwiseCopyable {
        var style: Style
        var offset: Int32
        /// -1 for an empty slot.
        var length: Int32
    }

    static let slotCount = 1 << 12
    /// When the arena would pass this, every entry is dropped and it starts again: a stream of
    /// endlessly new RGB colours cannot grow it without bound.
    static let arenaLimit = 64 << 10

    private let slots = OwnedBuffer(repeating: Slot(style: .default, offset: 0, length: -1), count: SGRCache.slotCount)
    private let arena = OwnedBuffer<UInt8>(uninitializedCount: SGRCache.arenaLimit)
    private var arenaUsed = 0

    /// The SGR bytes of `style`, valid until the next call.
    func bytes(for style: Style) -> UnsafeBufferPointer<UInt8> {
        let slot = slots.baseAddress + (style.tableHash & (Self.slotCount - 1))
        if slot.pointee.length >= 0 && slot.pointee.style == style {
            return UnsafeBufferPointer(start: arena.baseAddress + Int(slot.pointee.offset), count: Int(slot.pointee.length))
        }
        var sgr = style.sgrParameters
        return sgr.withUTF8 { utf8 in
            // Longer than the whole arena cannot happen (a style's parameters are under 100
            // bytes); clipped all the same rather than overrun.
            let length = min(utf8.count, Self.arenaLimit)
            if arenaUsed + length > Self.arenaLimit {
                for i in 0..<Self.slotCount { slots[i].length = -1 }
                arenaUsed = 0
            }
            if let source = utf8.baseAddress, length > 0 { (arena.baseAddress + arenaUsed).update(from: source, count: length) }
            slot.pointee = Slot(style: style, offset: Int32(arenaUsed), length: Int32(length))
            arenaUsed += length
            return UnsafeBufferPointer(start: arena.baseAddress + Int(slot.pointee.offset), count: length)
        }
    }
}
