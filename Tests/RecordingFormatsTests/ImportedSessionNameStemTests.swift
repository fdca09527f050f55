import RecordingFormats
import Testing

/// Issue 28: an imported file is named after itself (the numeric suffix for taken names is the
/// importer's, see ImportedSessionNameTests in RecorderTests).
@Suite struct ImportedSessionNameStemTests {
    @Test(arguments: [
        ("demo.cast", "demo"),
        ("/home/me/casts/welcome.cast", "welcome"),
        ("typescript", "typescript"),
        ("build.log.cast", "build.log"),
        (".bashrc", ".bashrc"),
        ("2024.cast", "2024.cast"),
        ("10", "import-10"),
        ("dir/", "dir"),
    ])
    func stemIsTheBaseNameWithoutExtension(path: String, expected: String) {
        #expect(ImportedSessionName.stem(forFile: path) == expected)
    }

    @Test(arguments: [" .cast", "", "/"])
    func nothingUsableLeavesTheSessionUnnamed(path: String) {
        #expect(ImportedSessionName.stem(forFile: path) == nil)
    }
}
