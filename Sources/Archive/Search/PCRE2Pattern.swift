import CPCRE2

/// A regular expression in PCRE2 syntax (what `grep -P` and `rg` take), compiled once and
/// JIT-compiled where the platform allows, then shared read-only by every scanning thread.
/// Public for redaction, which matches its patterns with the same compile options.
///
/// Compiled as UTF-8 with Unicode classes (\w, \d, \b and [[:alpha:]] know non-ASCII letters,
/// as in rg), LF newlines, and multi-line anchors: a chunk's text block is its lines joined by
/// "\n", so ^ and $ mark line starts and ends inside it. Invalid UTF-8 never faults a match
/// (PCRE2_MATCH_INVALID_UTF); it just cannot be part of one.
public final class PCRE2Pattern: @unchecked Sendable {
    /// The pattern as the user wrote it (for error messages).
    public let source: String
    public let caseless: Bool
    /// pcre2_code_8, immutable once compiled: PCRE2 documents it as safe to share across threads.
    fileprivate let code: OpaquePointer
    /// Whether `pcre2_jit_compile` succeeded (if not, matching falls back to the interpreter).
    fileprivate let jitted: Bool

    /// - Parameters:
    ///   - literal: the pattern is a plain string (`--substring -i`), no metacharacters.
    public init(_ source: String, caseless: Bool, literal: Bool = false) throws(ArchiveError) {
        self.source = source
        self.caseless = caseless
        // ALT_CIRCUMFLEX: in a block whose last line is empty, ^ must match after the final
        // "\n" too (Perl's rule is not to). A literal has no classes or anchors for these to
        // change, and PCRE2 refuses them beside PCRE2_LITERAL.
        let lineModes = PCRE2_UCP | PCRE2_MULTILINE | PCRE2_ALT_CIRCUMFLEX
        var options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (literal ? PCRE2_LITERAL : lineModes)
        if caseless { options |= PCRE2_CASELESS }
        let context = pcre2_compile_context_create_8(nil)
        defer { pcre2_compile_context_free_8(context) }
        pcre2_set_newline_8(context, UInt32(PCRE2_NEWLINE_LF))
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(source.utf8)
        let compiled = bytes.withUnsafeBufferPointer { p in
            pcre2_compile_8(p.baseAddress ?? Self.emptySubject, p.count, options, &errorCode, &errorOffset, context)
        }
        guard let compiled else {
            throw .badQuery(query: source, reason: "invalid regular expression (PCRE2 syntax): "
                + "\(Self.message(errorCode)) at offset \(errorOffset)")
        }
        code = compiled
        jitted = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
    }

    deinit { pcre2_code_free_8(code) }

    /// PCRE2's own text for an error code.
    static func message(_ errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(errorCode, $0.baseAddress, $0.count) }
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(errorCode)"
    }

    /// A non-null address for empty subjects and patterns: PCRE2 rejects a null pointer even
    /// with length 0. Never written.
    nonisolated(unsafe) fileprivate static let emptySubject: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()
}

/// One thread's means of running a `PCRE2Pattern`: its match data and JIT stack. Not shared.
public final class PCRE2Matcher {
    public let pattern: PCRE2Pattern
    private let matchData: OpaquePointer
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?

    public init(_ pattern: PCRE2Pattern) {
        self.pattern = pattern
        matchData = pcre2_match_data_create_from_pattern_8(pattern.code, nil)
        context = pcre2_match_context_create_8(nil)
        // The default JIT stack is 32 KiB of the machine stack; deeply nested patterns need
        // more, and a worker thread's stack is small. Grows on demand up to 8 MiB.
        jitStack = pattern.jitted ? pcre2_jit_stack_create_8(32 * 1024, 8 * 1024 * 1024, nil) : nil
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
        pcre2_match_context_free_8(context)
        pcre2_match_data_free_8(matchData)
    }

    /// The first match in `subject` starting at or after `offset`, as byte offsets.
    /// Throws when PCRE2 gives up (a match, depth or heap limit: catastrophic backtracking).
    @inline(__always)
    public func firstMatch(in subject: UnsafeBufferPointer<UInt8>, from offset: Int, options: UInt32 = 0) throws(ArchiveError) -> Range<Int>? {
        let base = subject.baseAddress ?? PCRE2Pattern.emptySubject
        let rc = pattern.jitted && options & PCRE2_ANCHORED == 0
            ? pcre2_jit_match_8(pattern.code, base, subject.count, offset, options, matchData, context)
            : pcre2_match_8(pattern.code, base, subject.count, offset, options, matchData, context)
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        guard rc >= 0 else {
            throw .badQuery(query: pattern.source, reason: "the regular expression could not be matched: \(PCRE2Pattern.message(rc))")
        }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        // \K can put the reported start after the end; such a match covers nothing.
        let start = ovector[0], end = ovector[1]
        return start <= end ? start..<end : end..<end
    }

    /// Whether `line` (one line, alone) holds a match, and where its matches are: the
    /// non-empty ones, left to right, non-overlapping. Nil when nothing matches; an empty
    /// array when only empty matches do (`^$` on an empty line).
    public func matches(inLine line: UnsafeBufferPointer<UInt8>) throws(ArchiveError) -> [Range<Int>]? {
        guard var found = try firstMatch(in: line, from: 0) else { return nil }
        var ranges: [Range<Int>] = []
        while true {
            if !found.isEmpty { ranges.append(found) }
            var next = found.upperBound
            var options: UInt32 = 0
            if found.isEmpty {
                // As pcre2demo: try for a non-empty match at the same place, else move one
                // character on (a whole UTF-8 sequence, so a match never starts inside one).
                if next >= line.count { break }
                if let r = try firstMatch(in: line, from: next, options: PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED) {
                    found = r
                    continue
                }
                next += 1
                while next < line.count && line[next] & 0xC0 == 0x80 { next += 1 }
                options = 0
            }
            guard next <= line.count, let r = try firstMatch(in: line, from: next, options: options) else { break }
            found = r
        }
        return ranges
    }
}
