import Testing
import VTParser

@Suite struct ParserTests {
    @Test func plainTextAndControls() {
        #expect(parse("ab\r\ncd") == ["print ab", "exec 13", "exec 10", "print cd"])
    }

    @Test func csiWithParameters() {
        #expect(parse("\u{1B}[1;31m") == ["csi 1;31m"])
        #expect(parse("\u{1B}[m") == ["csi m"])
        #expect(parse("\u{1B}[1;;3H") == ["csi 1;;3H"])
    }
}
