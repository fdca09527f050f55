import Testing
@testable import Terminal

/// GraphemeTable must behave exactly like the `[Int: [Unicode.Scalar]]` it replaced.
@Suite struct GraphemeTableTests {
    @Test func randomOperationsMatchADictionary() {
        var table = GraphemeTable(minimumCapacity: 16)
        defer { table.deallocate() }
        var model: [Int: [Unicode.Scalar]] = [:]
        var seed: UInt64 = 0x1234_5678
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for step in 0..<20_000 {
            let key = next(300)
            switch next(5) {
            case 0:
                table.remove(key); model[key] = nil
            case 1:
                let tail = (0..<next(12)).map { Unicode.Scalar(UInt32(0x300 + $0 + step % 7))! }
                table.set(key, tail); model[key] = tail
            default:
                let scalar = Unicode.Scalar(UInt32(0x1F300 + next(64)))!
                let before = model[key]?.count ?? 0
                let appended = table.append(scalar, to: key, limit: 10)
                if before < 10 { model[key, default: []].append(scalar) }
                #expect(appended == (before < 10))
            }
            if step % 97 == 0 {
                #expect(table.count == model.count)
                for probe in 0..<300 {
                    #expect(table[probe] == model[probe], "key \(probe) at step \(step)")
                    var visited: [Unicode.Scalar] = []
                    table.forEachScalar(probe) { visited.append($0) }
                    #expect(visited == (model[probe] ?? []))
                }
            }
        }
        table.removeAll()
        #expect(table.count == 0 && table[5] == nil)
    }
}
