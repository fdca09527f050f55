/// Display width of a single scalar as tmux 3.3a (through glibc 2.36 wcwidth) sees it.
public enum UnicodeWidth {
    /// 0 (combining, zero-width), 1, or 2 (East Asian wide, most emoji). Scalars glibc calls
    /// unprintable (controls, unassigned) answer 1; see `isPrintable`.
    @inlinable
    public static func width(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value < 0x7F { return 1 }
        return UnicodeProperties.width(UnicodeProperties.byte(scalar.value))
    }

    /// False when glibc's wcwidth() returns -1 (controls, unassigned code points, C1 controls
    /// arriving as UTF-8). tmux 3.3a silently drops such a character instead of printing it.
    @inlinable
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x7F { return scalar.value >= 0x20 }
        return UnicodeProperties.byte(scalar.value) & 0x3 != 0x3
    }
}
