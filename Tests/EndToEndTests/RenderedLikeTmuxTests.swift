import Foundation
import Testing

/// Differential tests of `run` against tmux: a program's output is recorded on a real pty of a
/// small size, and the export must equal what tmux renders from the very bytes the pty master
/// saw (`../shared/conformance/render_tmux.sh`). Skipped where that script or tmux is missing.
@Suite struct RenderedLikeTmuxTests {
    static let cases: [(name: String, script: String)] = [
        ("wrapping-and-tabs", #"i=0; while [ $i -lt 6 ]; do printf 'row %d\tcol\t%s\n' $i 'a long line that certainly wraps at forty columns, twice over'; i=$((i+1)); done"#),
        ("progress-bar", #"for p in 10 40 70 100; do printf '\r[%-10s] %3d%%\033[K' "$(printf '%*s' $((p/10)) '' | tr ' ' '#')" $p; done; printf '\ndone\n'"#),
        ("wide-characters", #"printf '漢字かな交じり文をここに書きますと折り返しがどうなるか見ましょう\n'; printf 'emoji 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 end\n'; printf 'abcdefghijklmnopqrstuvwxyzabcdefghijklm漢x\n'"#),
        ("colours-and-erase", #"printf '\033[31mred\033[0m \033[1;44mbold on blue\033[0m plain\n'; printf 'overwrite me\r\033[2Cxx\033[Kend\n'; printf 'abc\033[5Gdef\n'"#),
        ("scrolling", "seq 1 300"),
        ("clear-screen", #"seq 1 5; printf '\033[H\033[2J'; echo after-clear; seq 6 8"#),
        ("alternate-screen", #"echo before; printf '\033[?1049h\033[Hinside the alternate screen\n'; printf '\033[?1049l'; echo after"#),
        ("cursor-up-rewrite", #"printf 'one\ntwo\nthree\n\033[2A\033[2Kreplaced\n\n'; echo last"#),
    ]

    @Test(arguments: cases.map(\.name))
    func exportEqualsTmux(name: String) throws {
        guard let renderer = BuiltBinary.tmuxRenderer else { return }
        let script = try #require(Self.cases.first { $0.name == name }?.script)
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox, cols: 40, rows: 10)
        // No steps: the driver reads the master until scrollvault exits, so the transcript
        // holds every byte that was passed through. --quiet: run's start line is its own, not
        // the command's, so tmux must not see it either.
        let outcome = try driver.run([BuiltBinary.path, "run", "--quiet", "--name", name, "--", "sh", "-c", script],
                                     steps: [], exitTimeout: 15, name: name)
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 0)
        let export = try sandbox.scrollvault("export", name)
        try #require(export.status == 0, "\(export)")
        let tmux = try sandbox.run([renderer, "40", "10", outcome.transcriptPath], timeout: 25)
        try #require(tmux.status == 0 && !tmux.lines.isEmpty, "\(tmux)")
        #expect(export.lines == tmux.lines, "\(name)\n--- scrollvault:\n\(export.out)\n--- tmux:\n\(tmux.out)")
    }
}
