/// Pseudo-random but deterministic terminal output for differential and chunking tests: text,
/// wide characters, line breaks, cursor moves, erases, SGR, scroll regions and long lines that
/// wrap. It avoids the cases where ScrollVault differs from tmux on purpose (regions with
/// top > 0, ED 3, DEC graphics, LNM, clusters longer than tmux stores, VS16 and skin tones).
struct StreamGenerator {
    var random: SeededGenerator
    let columns: Int
    let rows: Int
    var out: [UInt8] = []

    init(seed: UInt64, columns: Int, rows: Int) {
        random = SeededGenerator(seed: seed)
        self.columns = columns
        self.rows = rows
    }

    static let words = ["alpha", "beta", "gamma", "delta", "kernel", "socket", "tok", "x", "build", "passed"]
    static let wide = ["日", "本語", "中文字", "한국", "😀", "🚀", "✨", "ｆｕ"]
    /// Clusters both emulators size alike. Not VS16 emoji (❤️) or skin tones (👍🏽): tmux 3.3a gives
    /// ❤️ one cell and 🏽 a cell of its own, where ScrollVault keeps one two-cell cluster.
    static let clusters = ["e\u{301}", "a\u{308}\u{323}", "🧑‍💻", "👩‍🔬"]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    mutating func emit(_ s: String) { out += Array(s.utf8) }
    mutating func csi(_ s: String) { emit("\u{1B}[" + s) }

    /// `steps` operations; the mix leans on text and line breaks so history fills up.
    mutating func generate(steps: Int) -> [UInt8] {
        for _ in 0..<steps { step() }
        return out
    }

    mutating func step() {
        switch int(0...99) {
        case 0..<30:
            let word = Self.words[int(0...Self.words.count - 1)]
            emit(word + (chance(0.5) ? " " : ""))
        case 30..<38: emit(Self.wide[int(0...Self.wide.count - 1)])
        case 38..<40: emit(Self.clusters[int(0...Self.clusters.count - 1)])
        case 40..<52: emit("\r\n")
        case 52..<55: emit("\n")
        case 55..<57: emit("\r")
        case 57..<59: emit(chance(0.5) ? "\u{8}" : "\t")
        case 59..<62:
            // A long line that wraps one to three times.
            let length = int(columns...(3 * columns))
            var s = ""
            for i in 0..<length { s.append(Character(Unicode.Scalar(UInt8(0x61 + (i + length) % 26)))) }
            emit(s)
        case 62..<67: csi("\(int(1...rows));\(int(1...columns))H")
        case 67..<69: csi("\(int(0...3))A")
        case 69..<71: csi("\(int(0...3))B")
        case 71..<73: csi("\(int(0...6))C")
        case 73..<75: csi("\(int(0...6))D")
        case 75..<76: csi("\(int(1...columns))G")
        case 76..<77: csi("\(int(1...rows))d")
        case 77..<80: csi("\(int(0...2))K")
        case 80..<81: csi("\(int(0...2))J")
        case 81..<82: csi("\(int(1...4))X")
        case 82..<83: csi(chance(0.5) ? "\(int(1...2))L" : "\(int(1...2))M")
        case 83..<84: csi("\(int(1...3))@")
        case 84..<90:
            let sgr = ["0", "1", "4", "7", "31", "42", "38;5;\(int(0...255))", "48;2;\(int(0...255));1;2", "38:2::1:2:3", "22;24"]
            csi(sgr[int(0...sgr.count - 1)] + "m")
        case 90..<92:
            // Regions span the screen: rows leaving them enter history in both emulators, and
            // tmux's wrap bookkeeping in partial regions (see the report) stays out of the way.
            csi(chance(0.5) ? "r" : "1;\(rows)r")
        case 92..<94: emit("\u{1B}]0;title \(int(0...99))\u{7}")
        case 94..<95: emit("\u{1B}7")
        case 95..<96: emit("\u{1B}8")
        default:
            emit(Self.words[int(0...Self.words.count - 1)])
        }
    }
}
