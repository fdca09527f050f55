import Archive

/// Redacts a stream of lines on one thread: it keeps that thread's PCRE2 match data and
/// whether the last line left a private key block open (its body lines carry no marker of
/// their own). Made by `Redactor.makeLineRedactor()`; not shared between threads.
public final class LineRedactor {
    private let patterns: CompiledPatterns
    /// Per built-in pattern, then the key block's two, then the user's: made on first use, so
    /// a stream without secrets never allocates match data.
    private var matchers: [PCRE2Matcher?]
    private var insidePrivateKey = false
    /// What this redactor changed so far.
    public private(set) var counts = RedactionCounts()
    private var spans: [(range: Range<Int>, kind: RedactionKind)] = []

    init(_ patterns: CompiledPatterns) {
        self.patterns = patterns
        matchers = Array(repeating: nil, count: patterns.builtIn.count + 2 + patterns.custom.count)
    }

    /// The next line of the stream, or nil when it holds nothing to redact (the common case:
    /// no allocation then).
    public func redact(_ line: UnsafeBufferPointer<UInt8>) -> RedactedLine? {
        spans.removeAll(keepingCapacity: true)
        if insidePrivateKey && keyBodyLine(line) { return finish(line) }
        let triggered = Triggers.scan(line)
        if !triggered.isEmpty {
            for (index, pattern) in patterns.builtIn.enumerated() where triggered.contains(pattern.trigger) {
                collect(matcher(index), pattern.kind, in: line)
            }
            if triggered.contains(.privateKey) { keyBlockStarts(line) }
        }
        for index in patterns.custom.indices {
            collect(matcher(patterns.builtIn.count + 2 + index), .custom, in: line)
        }
        return spans.isEmpty ? nil : finish(line)
    }

    /// Drops the spans that lie within a marker already in the line: redacting twice (a
    /// `redact` over lines recorded redacted) changes nothing, though a marker is itself
    /// a fine "password" for `user:…@host` or an Authorization header.
    private func keepOutsideMarkers(_ line: UnsafeBufferPointer<UInt8>) {
        let prefix = Array("[REDACTED:".utf8)
        var markers: [Range<Int>] = []
        var i = 0
        while i + prefix.count < line.count {
            if line[i] == prefix[0] && line[i..<(i + prefix.count)].elementsEqual(prefix),
               let close = line[(i + prefix.count)...].firstIndex(where: { !(($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "-")) }),
               line[close] == UInt8(ascii: "]") {
                markers.append(i..<(close + 1))
                i = close + 1
            } else {
                i += 1
            }
        }
        guard !markers.isEmpty else { return }
        spans.removeAll { span in markers.contains { $0.lowerBound <= span.range.lowerBound && span.range.upperBound <= $0.upperBound } }
    }

    /// A line given as a String (a command line, a text an agent asks for).
    public func redact(_ line: String) -> String? {
        var copy = line
        return copy.withUTF8 { redact($0) }.map(\.string)
    }

    /// Forgets an open private key block: the next line starts a new stream.
    public func reset() { insidePrivateKey = false }

    private func matcher(_ index: Int) -> PCRE2Matcher {
        if let made = matchers[index] { return made }
        let pattern: PCRE2Pattern
        switch index {
        case ..<patterns.builtIn.count: pattern = patterns.builtIn[index].pattern
        case patterns.builtIn.count: pattern = patterns.keyBegin
        case patterns.builtIn.count + 1: pattern = patterns.keyEnd
        default: pattern = patterns.custom[index - patterns.builtIn.count - 2]
        }
        let made = PCRE2Matcher(pattern)
        matchers[index] = made
        return made
    }

    /// Adds every match of `matcher` in `line`. A pattern PCRE2 gives up on (its match limit:
    /// catastrophic backtracking in a user's pattern) redacts the whole line: better a lost
    /// line than a secret kept.
    private func collect(_ matcher: PCRE2Matcher, _ kind: RedactionKind, in line: UnsafeBufferPointer<UInt8>) {
        do {
            for range in try matcher.matches(inLine: line) ?? [] { spans.append((range, kind)) }
        } catch {
            spans.append((0..<line.count, kind))
        }
    }

    /// A BEGIN line: from BEGIN to its END on the same line (a key pasted into one line), or to
    /// the end of the line, and then the block's lines until END.
    private func keyBlockStarts(_ line: UnsafeBufferPointer<UInt8>) {
        let begin = matcher(patterns.builtIn.count), end = matcher(patterns.builtIn.count + 1)
        guard let opened = try? begin.firstMatch(in: line, from: 0) else { return }
        if let closed = try? end.firstMatch(in: line, from: opened.upperBound) {
            spans.append((opened.lowerBound..<closed.upperBound, .privateKey))
        } else {
            spans.append((opened.lowerBound..<line.count, .privateKey))
            insidePrivateKey = true
        }
    }

    /// Inside a key block: the END line is redacted up to its end marker (what follows is
    /// scanned as usual); a line of base64 or a PEM header (`Proc-Type: …`) is redacted whole,
    /// indentation kept; a blank line is left. Anything else ends the block unredacted: a
    /// BEGIN whose END never came must not swallow the rest of the session.
    private func keyBodyLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var first = 0, last = line.count
        while first < last && (line[first] == 0x20 || line[first] == 0x09) { first += 1 }
        while last > first && (line[last - 1] == 0x20 || line[last - 1] == 0x09) { last -= 1 }
        if first == last { return false }
        if let closed = try? matcher(patterns.builtIn.count + 1).firstMatch(in: line, from: 0) {
            insidePrivateKey = false
            spans.append((first..<closed.upperBound, .privateKey))
            return false
        }
        guard Self.looksLikeKeyBody(UnsafeBufferPointer(rebasing: line[first..<last])) else {
            insidePrivateKey = false
            return false
        }
        spans.append((first..<last, .privateKey))
        return true
    }

    private static func looksLikeKeyBody(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        func isBase64(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                || b == UInt8(ascii: "+") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=")
        }
        if text.allSatisfy(isBase64) { return true }
        // A header: Proc-Type, DEK-Info (PEM), Version, Comment (PGP), then a colon.
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let name = Array(text[..<colon])
        return ["Proc-Type", "DEK-Info", "Version", "Comment"].contains { Array($0.utf8) == name }
    }

    /// Merges the spans found (overlaps join; the first to start names the kind, the more
    /// specific in `RedactionKind`'s order when two start together) and builds the new line.
    private func finish(_ line: UnsafeBufferPointer<UInt8>) -> RedactedLine? {
        keepOutsideMarkers(line)
        if spans.isEmpty { return nil }
        spans.sort { ($0.range.lowerBound, $0.kind) < ($1.range.lowerBound, $1.kind) }
        var merged: [(range: Range<Int>, kind: RedactionKind)] = []
        for span in spans where !span.range.isEmpty {
            if let last = merged.last, span.range.lowerBound < last.range.upperBound {
                merged[merged.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, span.range.upperBound)
            } else {
                merged.append(span)
            }
        }
        var text: [UInt8] = []
        text.reserveCapacity(line.count + 24 * merged.count)
        var replacements: [RedactedLine.Replacement] = []
        var cursor = 0
        for span in merged {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: line[cursor..<span.range.lowerBound]))
            let markerStart = text.count
            text.append(contentsOf: span.kind.marker.utf8)
            replacements.append(.init(original: span.range, marker: markerStart..<text.count, kind: span.kind))
            cursor = span.range.upperBound
        }
        text.append(contentsOf: UnsafeBufferPointer(rebasing: line[cursor...]))
        counts.countLine(kinds: merged.map(\.kind))
        return RedactedLine(text: text, replacements: replacements)
    }
}
