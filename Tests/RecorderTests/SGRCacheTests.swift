import PageStore
@testable import Recorder
import Terminal
import Testing

/// The recorder's SGR cache answers with each style's own parameters, whatever shares its slot
/// and after its arena filled and started again.
@Suite struct SGRCacheTests {
    private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func everyStyleGetsItsOwnParameters() {
        let cache = SGRCache()
        // 20,000 RGB colours: far more than the slots (collisions replace entries) and enough
        // text (~14 bytes each) to fill the 64 KiB arena several times over.
        let styles = (0..<20_000).map { i in
            Style(foreground: .rgb(UInt8(i & 0xFF), UInt8(i >> 8 & 0xFF), 7), attributes: i % 3 == 0 ? .bold : [])
        }
        for round in 0..<2 {
            for (i, style) in styles.enumerated() where round == 0 || i % 7 == 0 {
                #expect(text(cache.bytes(for: style)) == style.sgrParameters)
            }
        }
        #expect(text(cache.bytes(for: .default)) == "")
        #expect(text(cache.bytes(for: Style(attributes: .underline))) == "4")
    }
}
