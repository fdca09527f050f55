/// What the parser found in the byte stream. The parser never touches a screen; a terminal
/// implements this. Make the conforming class `final` so `Parser<Handler>` specialises and each
/// call is direct.
public protocol ParserHandler: AnyObject {
    /// One printable scalar that did not go through the ASCII fast path, including U+FFFD for
    /// invalid UTF-8.
    func print(_ scalar: Unicode.Scalar)
    /// A run of 0x20...0x7E seen in the ground state. Valid only during the call.
    func printASCII(_ bytes: UnsafeBufferPointer<UInt8>)
    /// A C0 control (0x00-0x1F except ESC, CAN and SUB, which the parser handles). Never DEL.
    func execute(_ control: UInt8)
    func csiDispatch(_ csi: CSISequence)
    func escDispatch(intermediates: UInt16, final: UInt8)
    /// Bytes between "ESC ]" and BEL or ST, at most `Parser.maxStringPayload` of them
    /// (`truncated` says more were dropped). Valid only during the call.
    func oscDispatch(_ payload: UnsafeBufferPointer<UInt8>, truncated: Bool)
    /// A DCS header ended; `dcsPut` follows for each payload byte, then `dcsUnhook`.
    func dcsHook(_ csi: CSISequence)
    func dcsPut(_ byte: UInt8)
    func dcsUnhook()
}

extension ParserHandler {
    public func dcsHook(_ csi: CSISequence) {}
    public func dcsPut(_ byte: UInt8) {}
    public func dcsUnhook() {}
}
