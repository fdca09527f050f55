@testable import scrollvault
import Testing

@Suite struct JSONObjectTests {
    @Test func fieldsComeOutInOrderWithNullsAndNumbers() {
        var object = JSONObject()
        object.field("id", Int64(7))
        object.field("name", nil as String?)
        object.field("exit", nil as Int32?)
        object.field("ok", true)
        object.field("ranges", json: jsonArray(["[0,5]", "[6,9]"]))
        #expect(object.closed() == #"{"id":7,"name":null,"exit":null,"ok":true,"ranges":[[0,5],[6,9]]}"#)
        #expect(JSONObject().closed() == "{}")
    }

    @Test func stringsAreEscapedPerRFC8259AndSlashesAreNot() {
        var object = JSONObject()
        object.field("text", "a\"b\\c\n\r\t\u{1}\u{7F}/é🚀")
        #expect(object.closed() == #"{"text":"a\"b\\c\n\r\t\u0001\u007f/é🚀"}"#)
    }
}
