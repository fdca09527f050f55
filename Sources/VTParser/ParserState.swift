/// The states of the DEC/ANSI parser (Paul Williams' diagram at vt100.net/emu/dec_ansi_parser),
/// in UTF-8 mode: bytes 0x80-0x9F are UTF-8 continuation bytes, never C1 controls.
@usableFromInline
enum ParserState: UInt8, Sendable {
    case ground
    case escape
    case escapeIntermediate
    case csiEntry
    case csiParam
    case csiIntermediate
    case csiIgnore
    case oscString
    case dcsEntry
    case dcsParam
    case dcsIntermediate
    case dcsPassthrough
    case dcsIgnore
    /// SOS, PM, APC and `ESC k`: the string is read and dropped.
    case ignoredString
}
