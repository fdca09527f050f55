/// Display width of a single scalar as tmux 3.3a (through glibc 2.36 wcwidth) sees it.
public enum UnicodeWidth {
    /// 0 (combining, zero-width), 1, or 2 (East Asian wide, most emoji). Controls and
    /// unassigned scalars count as 1, as tmux does; the parser never prints controls.
    @inlinable
    public static func width(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value < 0x7F { return 1 }
        return Int(UnicodeProperties.byte(scalar.value) & 0x3)
    }
}
