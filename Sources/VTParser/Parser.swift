/// A DEC/ANSI escape-sequence parser with a streaming UTF-8 decoder in front of its ground
/// state, after Paul Williams' state diagram (vt100.net/emu/dec_ansi_parser), in UTF-8 mode.
///
/// It is pure: it recognises actions and hands them to `handler`, never touching a screen. It is
/// generic over the handler so that, with a concrete `final` handler class, every call is
/// direct (the hot paths are `@inlinable` so the specialisation happens in the client module).
///
/// Departures from the diagram, each matching what xterm and tmux do with UTF-8:
/// - bytes 0x80-0xFF are UTF-8 in the ground state and payload in strings; they are never C1
///   controls, and inside escape and control sequences they are ignored;
/// - ':' is a parameter separator (sub-parameters, as in `38:2::r:g:b`), not a reason to ignore;
/// - BEL ends an OSC string, as ST does (SOS/PM/APC end only at ST, as in xterm and tmux);
/// - `ESC k ... ST` (screen's and tmux's window-name string) is read and dropped like APC, so
///   its text is not printed, as tmux 3.3a (our reference renderer) does;
/// - CAN and SUB abort any sequence or string without dispatching and are not executed; a DCS
///   that was hooked still gets `dcsUnhook`;
/// - ESC inside a string ends it (OSC dispatched, DCS unhooked) and starts an escape sequence;
///   if that is ST (`ESC \`) it is consumed silently;
/// - more than `CSISequence.maxParameters` parameters: the extra ones are dropped and the
///   sequence is dispatched with `hasOverflowed`; more than two intermediates: the sequence is
///   not dispatched at all;
/// - OSC and DCS payloads keep at most `maxStringPayload` bytes; the rest is dropped but the
///   string still ends at its terminator.
public struct Parser<Handler: ParserHandler> {
    /// Payload bytes kept per OSC string or DCS string.
    @inlinable public static var maxStringPayload: Int { 1 << 16 }

    public let handler: Handler

    @usableFromInline var state: ParserState = .ground
    @usableFromInline var utf8 = UTF8StreamDecoder()
    /// The CSI or DCS header being collected; also holds ESC intermediates.
    @usableFromInline var sequence = CSISequence()
    @usableFromInline var parameterValue: UInt32 = 0
    @usableFromInline var parameterHasDigits = false
    /// A parameter byte (digit, ';' or ':') was seen, so at least one parameter exists.
    @usableFromInline var parameterStarted = false
    @usableFromInline var nextIsSubparameter = false
    @usableFromInline var intermediateCount = 0
    @usableFromInline var intermediatesOverflowed = false
    /// OSC payload, reused across strings (capacity reserved once).
    @usableFromInline var stringPayload: [UInt8] = []
    @usableFromInline var stringTruncated = false
    @usableFromInline var dcsPayloadCount = 0
    /// The escape state was entered from a string, so a following '\' is the rest of ST.
    @usableFromInline var escapeEndsString = false

    public init(handler: Handler) {
        self.handler = handler
        stringPayload.reserveCapacity(4096)
    }

    @inlinable
    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    @inlinable
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard let raw = bytes.baseAddress else { return }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        var index = 0
        while index < end {
            // Fast paths for what dominates real output; each leaves the byte it cannot take
            // to `advance`, the general state machine.
            switch state {
            case .ground where !utf8.isPending:
                let runEnd = Self.printableRunEnd(base, from: index, to: end)
                if runEnd != index {
                    handler.printASCII(UnsafeBufferPointer(start: base + index, count: runEnd - index))
                    index = runEnd
                    if index == end { return }
                }
                let byte = base[index]
                if byte >= 0x80 {
                    index = decodeUTF8Run(base, from: index, to: end)
                    continue
                }
                if byte == 0x1B && end - index >= 2 && base[index + 1] == UInt8(ascii: "[") {
                    clearSequence()
                    if let next = dispatchWholeControlSequence(base, from: index + 2, to: end) {
                        index = next
                        continue
                    }
                    clearSequence()
                    state = .csiEntry
                    index += 2
                    continue
                }
            case .csiEntry, .csiParam:
                index = collectCSIParameters(base, from: index, to: end)
                if index == end { return }
            case .oscString:
                index = collectOSCRun(base, from: index, to: end)
                if index == end { return }
            default:
                break
            }
            advance(base[index])
            index += 1
        }
    }

    /// Ends the input: an incomplete UTF-8 sequence in the ground state prints one U+FFFD.
    /// Escape sequences and strings left open stay open.
    @inlinable
    public mutating func flushIncompleteUTF8() {
        if let replacement = utf8.finish() { handler.print(replacement) }
    }

    /// Index of the first byte at or after `start` that is not 0x20...0x7E, eight bytes a step.
    @inlinable @inline(__always)
    static func printableRunEnd(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while end - index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let low7 = word & 0x7F7F_7F7F_7F7F_7F7F
            // High bit of a lane set when the byte is 0x7F or >= 0x80 (no carry crosses lanes).
            let tooHigh = ((low7 &+ 0x0101_0101_0101_0101) | word) & 0x8080_8080_8080_8080
            // High bit of a lane set when the byte is < 0x20.
            let tooLow = ~((low7 &+ 0x6060_6060_6060_6060) | word) & 0x8080_8080_8080_8080
            let stop = tooHigh | tooLow
            if stop != 0 { return index + stop.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < end && base[index] &- 0x20 < 0x5F { index += 1 }
        return index
    }

    /// Decodes non-ASCII bytes in the ground state until an ASCII byte or the end; an ASCII
    /// byte that cuts a sequence short is left to `advance`, which prints the U+FFFD.
    @inlinable
    mutating func decodeUTF8Run(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let byte = base[index]
            if byte < 0x80 { break }
            // A whole, valid sequence in the buffer is decoded at once; anything else (a split,
            // a malformed or overlong form) goes byte by byte through the stream decoder.
            if !utf8.isPending, let (scalar, length) = Self.wholeSequence(base, at: index, end: end) {
                handler.print(scalar)
                index &+= length
                continue
            }
            let result = utf8.decode(byte)
            if result == UTF8StreamDecoder.replacementThenReprocess {
                handler.print("\u{FFFD}")
                continue  // the decoder is idle again; decode the same byte afresh
            }
            if result != UTF8StreamDecoder.needMore {
                handler.print(Unicode.Scalar(result).unsafelyUnwrapped)
            }
            index += 1
        }
        return index
    }

    /// The scalar of the valid 2-, 3- or 4-byte sequence starting at `index` and ending before
    /// `end`, and its length; nil for anything the stream decoder must judge (the same bounds:
    /// no overlong forms, no surrogates, nothing above U+10FFFF). Decoding it in registers,
    /// instead of through the decoder's stored state a byte at a time, halved the cost of
    /// decoding CJK and emoji text.
    @inlinable @inline(__always)
    static func wholeSequence(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        let lead = UInt32(base[index])
        let available = end &- index
        if lead >= 0xC2 && lead <= 0xDF {
            guard available >= 2 else { return nil }
            let b1 = UInt32(base[index &+ 1])
            guard b1 & 0xC0 == 0x80 else { return nil }
            return (Unicode.Scalar((lead & 0x1F) << 6 | (b1 & 0x3F)).unsafelyUnwrapped, 2)
        }
        if lead >= 0xE0 && lead <= 0xEF {
            guard available >= 3 else { return nil }
            let b1 = UInt32(base[index &+ 1]), b2 = UInt32(base[index &+ 2])
            let low: UInt32 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt32 = lead == 0xED ? 0x9F : 0xBF
            guard b1 >= low && b1 <= high && b2 & 0xC0 == 0x80 else { return nil }
            return (Unicode.Scalar((lead & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)).unsafelyUnwrapped, 3)
        }
        if lead >= 0xF0 && lead <= 0xF4 {
            guard available >= 4 else { return nil }
            let b1 = UInt32(base[index &+ 1]), b2 = UInt32(base[index &+ 2]), b3 = UInt32(base[index &+ 3])
            let low: UInt32 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt32 = lead == 0xF4 ? 0x8F : 0xBF
            guard b1 >= low && b1 <= high && b2 & 0xC0 == 0x80 && b3 & 0xC0 == 0x80 else { return nil }
            return (Unicode.Scalar((lead & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F)).unsafelyUnwrapped, 4)
        }
        return nil
    }

    /// Collects CSI parameter bytes (digits, ';', ':') in one loop; anything else is left to
    /// `advance`.
    @inlinable
    mutating func collectCSIParameters(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let byte = base[index]
            let digit = byte &- 0x30
            if digit < 10 {
                parameterValue = Self.appending(digit: digit, to: parameterValue)
                parameterHasDigits = true
            } else if byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") {
                pushParameter()
                nextIsSubparameter = byte == UInt8(ascii: ":")
            } else {
                break
            }
            index += 1
        }
        if index != start {
            parameterStarted = true
            state = .csiParam
        }
        return index
    }

    /// A control sequence of digits and ';' only (no private marker, sub-parameter or
    /// intermediate) that ends inside the buffer is read in one loop over locals and dispatched,
    /// returning the index after its final byte. Most CSI in real output (SGR, cursor motion) is
    /// of this kind, and stepping it through the state machine a byte at a time cost more than
    /// the rest of an SGR. Anything else returns nil with nothing dispatched; the caller resets
    /// the sequence and the state machine reads it from `start` afresh, so both paths act alike.
    @inlinable @inline(__always)
    mutating func dispatchWholeControlSequence(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        var value: UInt32 = 0
        var hasDigits = false
        var started = false
        while index < end {
            let byte = base[index]
            let digit = byte &- 0x30
            if digit < 10 {
                value = Self.appending(digit: digit, to: value)
                hasDigits = true
                started = true
            } else if byte == UInt8(ascii: ";") {
                sequence.append(UInt16(value), empty: !hasDigits, subparameter: false)
                value = 0
                hasDigits = false
                started = true
            } else if byte >= 0x40 && byte <= 0x7E {
                if started { sequence.append(UInt16(value), empty: !hasDigits, subparameter: false) }
                sequence.final = byte
                handler.csiDispatch(sequence)
                return index + 1
            } else {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// A parameter's value after one more decimal digit, saturating at 65535 (the most a
    /// `CSISequence` parameter holds).
    @inlinable @inline(__always)
    static func appending(digit: UInt8, to value: UInt32) -> UInt32 {
        min(value &* 10 &+ UInt32(digit), 0xFFFF)
    }

    /// Appends OSC payload bytes (0x20...0xFF) up to the next control byte in one step.
    @inlinable
    mutating func collectOSCRun(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end && base[index] >= 0x20 { index += 1 }
        if index != start {
            let room = Self.maxStringPayload - stringPayload.count
            let length = index - start
            if length > room { stringTruncated = true }
            let kept = min(length, room)
            if kept > 0 {
                stringPayload.append(contentsOf: UnsafeBufferPointer(start: base + start, count: kept))
            }
        }
        return index
    }

    // MARK: - The state machine

    @inlinable @inline(__always)
    mutating func advance(_ byte: UInt8) {
        if state == .ground && utf8.isPending {
            let result = utf8.decode(byte)
            if result == UTF8StreamDecoder.needMore { return }
            if result != UTF8StreamDecoder.replacementThenReprocess {
                handler.print(Unicode.Scalar(result).unsafelyUnwrapped)
                return
            }
            handler.print("\u{FFFD}")  // cut short; `byte` is decoded afresh below
        }
        switch byte {
        case 0x1B:
            enterEscape()
            return
        case 0x18, 0x1A:
            cancel()
            return
        default:
            break
        }
        switch state {
        case .ground: ground(byte)
        case .escape: escape(byte)
        case .escapeIntermediate: escapeIntermediate(byte)
        case .csiEntry, .csiParam, .csiIntermediate, .csiIgnore: controlSequence(byte)
        case .oscString: oscString(byte)
        case .dcsEntry, .dcsParam, .dcsIntermediate, .dcsIgnore: dcsHeader(byte)
        case .dcsPassthrough: dcsPassthrough(byte)
        case .ignoredString: break  // only ESC (ST), CAN or SUB end it, as in xterm and tmux
        }
    }

    @inlinable @inline(__always)
    mutating func ground(_ byte: UInt8) {
        if byte < 0x20 {
            handler.execute(byte)
        } else if byte < 0x7F {
            var single = byte  // reached only right after a cut-short UTF-8 sequence
            withUnsafePointer(to: &single) { handler.printASCII(UnsafeBufferPointer(start: $0, count: 1)) }
        } else if byte >= 0x80 {
            let result = utf8.decode(byte)
            if result != UTF8StreamDecoder.needMore {
                handler.print(Unicode.Scalar(result).unsafelyUnwrapped)
            }
        }  // DEL is ignored
    }

    @inlinable
    mutating func enterEscape() {
        switch state {
        case .oscString:
            dispatchOSC()
            escapeEndsString = true
        case .dcsPassthrough:
            handler.dcsUnhook()
            escapeEndsString = true
        case .dcsEntry, .dcsParam, .dcsIntermediate, .dcsIgnore, .ignoredString:
            escapeEndsString = true
        default:
            escapeEndsString = false
        }
        clearSequence()
        state = .escape
    }

    @inlinable
    mutating func cancel() {
        if state == .dcsPassthrough { handler.dcsUnhook() }
        state = .ground
    }

    @inlinable
    mutating func escape(_ byte: UInt8) {
        if byte < 0x20 {
            handler.execute(byte)
            return
        }
        let endsString = escapeEndsString
        escapeEndsString = false
        switch byte {
        case 0x20...0x2F:
            collectIntermediate(byte)
            state = .escapeIntermediate
        case UInt8(ascii: "["):
            state = .csiEntry
        case UInt8(ascii: "]"):
            stringPayload.removeAll(keepingCapacity: true)
            stringTruncated = false
            state = .oscString
        case UInt8(ascii: "P"):
            state = .dcsEntry
        case UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "k"):
            // SOS, PM, APC, and screen's/tmux's "ESC k title ST" window-name string.
            state = .ignoredString
        case UInt8(ascii: "\\") where endsString:
            state = .ground
        case 0x30...0x7E:
            handler.escDispatch(intermediates: 0, final: byte)
            state = .ground
        default:
            break  // DEL and 0x80...0xFF are ignored
        }
    }

    @inlinable
    mutating func escapeIntermediate(_ byte: UInt8) {
        switch byte {
        case 0x00...0x1F:
            handler.execute(byte)
        case 0x20...0x2F:
            collectIntermediate(byte)
        case 0x30...0x7E:
            if !intermediatesOverflowed {
                handler.escDispatch(intermediates: sequence.intermediates, final: byte)
            }
            state = .ground
        default:
            break
        }
    }

    /// CSI entry, param, intermediate and ignore: C0 controls execute in all four.
    @inlinable
    mutating func controlSequence(_ byte: UInt8) {
        if byte < 0x20 {
            handler.execute(byte)
            return
        }
        if byte >= 0x40 && byte <= 0x7E {
            if state != .csiIgnore && !intermediatesOverflowed {
                finishParameters()
                sequence.final = byte
                handler.csiDispatch(sequence)
            }
            state = .ground
            return
        }
        switch state {
        case .csiEntry, .csiParam:
            switch byte {
            case 0x30...0x3B:
                parameterByte(byte)
                state = .csiParam
            case 0x3C...0x3F:
                if state == .csiEntry {
                    sequence.privateMarker = byte
                    state = .csiParam
                } else {
                    state = .csiIgnore
                }
            case 0x20...0x2F:
                collectIntermediate(byte)
                state = .csiIntermediate
            default:
                break
            }
        case .csiIntermediate:
            switch byte {
            case 0x20...0x2F: collectIntermediate(byte)
            case 0x30...0x3F: state = .csiIgnore
            default: break
            }
        default:
            break  // csiIgnore waits for the final byte
        }
    }

    @inlinable
    mutating func oscString(_ byte: UInt8) {
        if byte == 0x07 {
            dispatchOSC()
            state = .ground
        } else if byte >= 0x20 {
            // Normally taken in bulk by `collectOSCRun`.
            if stringPayload.count < Self.maxStringPayload {
                stringPayload.append(byte)
            } else {
                stringTruncated = true
            }
        }  // other C0 controls are ignored inside the string
    }

    @inlinable
    mutating func dispatchOSC() {
        let truncated = stringTruncated
        stringPayload.withUnsafeBufferPointer { handler.oscDispatch($0, truncated: truncated) }
    }

    /// DCS entry, param, intermediate and ignore: C0 controls are ignored in all four.
    @inlinable
    mutating func dcsHeader(_ byte: UInt8) {
        if byte < 0x20 || state == .dcsIgnore { return }
        if byte >= 0x40 && byte <= 0x7E {
            if intermediatesOverflowed {
                state = .dcsIgnore
                return
            }
            finishParameters()
            sequence.final = byte
            dcsPayloadCount = 0
            state = .dcsPassthrough
            handler.dcsHook(sequence)
            return
        }
        switch state {
        case .dcsEntry, .dcsParam:
            switch byte {
            case 0x30...0x3B:
                parameterByte(byte)
                state = .dcsParam
            case 0x3C...0x3F:
                if state == .dcsEntry {
                    sequence.privateMarker = byte
                    state = .dcsParam
                } else {
                    state = .dcsIgnore
                }
            case 0x20...0x2F:
                collectIntermediate(byte)
                state = .dcsIntermediate
            default:
                break
            }
        case .dcsIntermediate:
            switch byte {
            case 0x20...0x2F: collectIntermediate(byte)
            case 0x30...0x3F: state = .dcsIgnore
            default: break
            }
        default:
            break
        }
    }

    @inlinable
    mutating func dcsPassthrough(_ byte: UInt8) {
        guard byte != 0x7F, dcsPayloadCount < Self.maxStringPayload else { return }
        dcsPayloadCount += 1
        handler.dcsPut(byte)
    }

    // MARK: - Collecting parameters and intermediates

    @inlinable
    mutating func clearSequence() {
        sequence.reset()
        parameterValue = 0
        parameterHasDigits = false
        parameterStarted = false
        nextIsSubparameter = false
        intermediateCount = 0
        intermediatesOverflowed = false
    }

    @inlinable
    mutating func collectIntermediate(_ byte: UInt8) {
        guard intermediateCount < 2 else {
            intermediatesOverflowed = true
            return
        }
        sequence.intermediates |= UInt16(byte) << UInt16(8 * intermediateCount)
        intermediateCount += 1
    }

    /// A digit, ';' or ':'.
    @inlinable
    mutating func parameterByte(_ byte: UInt8) {
        parameterStarted = true
        if byte <= 0x39 {
            parameterValue = Self.appending(digit: byte &- 0x30, to: parameterValue)
            parameterHasDigits = true
        } else {
            pushParameter()
            nextIsSubparameter = byte == UInt8(ascii: ":")
        }
    }

    @inlinable
    mutating func pushParameter() {
        sequence.append(UInt16(parameterValue), empty: !parameterHasDigits, subparameter: nextIsSubparameter)
        parameterValue = 0
        parameterHasDigits = false
    }

    @inlinable
    mutating func finishParameters() {
        if parameterStarted {
            pushParameter()
            parameterStarted = false
        }
    }
}
