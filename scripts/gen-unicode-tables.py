#!/usr/bin/env python3
"""Generate Sources/VTParser/Generated/UnicodeTables.swift.

Run from the repository root:  python3 scripts/gen-unicode-tables.py

Why these sources
-----------------
Display width: our conformance reference is tmux 3.3a on Debian 12, and tmux asks glibc's
wcwidth() (glibc 2.36, Unicode 14 data) how wide a character is.  To render exactly what tmux
renders we therefore ask the same function, through ctypes under the C.UTF-8 locale, for every
Unicode scalar.  wcwidth() returns -1 for controls and unassigned code points.  tmux 3.3a
drops such a character altogether (utf8_width() reports UTF8_ERROR and input_top_bit_set()
discards it); we keep that fact in the table (width field 3) so the terminal can do the same,
while UnicodeWidth.width() answers 1 for it (a character we do show takes one cell).  NUL is
stored as 1: a control, executed by the parser, never printed.
Python's unicodedata (east_asian_width W/F) is used only as a cross-check; the differences are
printed in the summary and written into the generated file's header.

Grapheme cluster break properties and Extended_Pictographic: taken from the `wcwidth` pip
package's generated tables (table_grapheme.py, built from Unicode's GraphemeBreakProperty.txt
and emoji-data.txt).  Python's unicodedata has no Grapheme_Cluster_Break nor
Extended_Pictographic property, and those tables are Unicode's own data files.

"Narrow emoji-capable base" (VS16 widens it to 2): the `wcwidth` package's
VS16_NARROW_TO_WIDE table (built from emoji-variation-sequences.txt): bases that have an
emoji presentation sequence with U+FE0F and are narrow on their own.

Output layout
-------------
Each scalar maps to one property byte:
    bits 0-1  display width (0, 1, 2), or 3 when wcwidth() says -1 (not printable)
    bits 2-5  grapheme break class (see GraphemeBreakClass in Swift)
    bit  6    Extended_Pictographic
    bit  7    narrow base that VS16 (U+FE0F) widens to 2
A direct 0x300-entry table answers Latin/ASCII; above it a run-length table of
(start << 8 | property) words, one per run of equal properties covering 0x300...0x10FFFF,
is binary-searched.
"""
import ctypes
import os
import sys
import unicodedata

import wcwidth
from wcwidth import table_grapheme, table_vs16

MAX = 0x10FFFF
DIRECT = 0x300

GBC = {  # must match GraphemeBreakClass in Sources/VTParser/GraphemeBreakClass.swift
    'Other': 0, 'Extend': 1, 'ZWJ': 2, 'Regional_Indicator': 3, 'SpacingMark': 4,
    'Prepend': 5, 'L': 6, 'V': 7, 'T': 8, 'LV': 9, 'LVT': 10,
}
EXT_PICT = 1 << 6
VS16_WIDENS = 1 << 7


def glibc_widths():
    libc = ctypes.CDLL('libc.so.6')
    libc.setlocale.restype = ctypes.c_char_p
    LC_ALL = 6
    if libc.setlocale(LC_ALL, b'C.UTF-8') is None:
        sys.exit('cannot set the C.UTF-8 locale; glibc widths would be wrong')
    libc.wcwidth.argtypes = [ctypes.c_uint32]
    libc.wcwidth.restype = ctypes.c_int
    libc.gnu_get_libc_version.restype = ctypes.c_char_p
    version = libc.gnu_get_libc_version().decode()
    widths = bytearray(MAX + 1)
    negative = 0
    for cp in range(MAX + 1):
        if 0xD800 <= cp <= 0xDFFF:
            widths[cp] = 1  # surrogates are not scalars; never looked up
            continue
        w = libc.wcwidth(cp)
        if w < 0:
            negative += 1
            w = 3  # not printable for glibc: tmux 3.3a drops it
        widths[cp] = w
    # glibc says NUL is 0 wide; it is a control the parser executes, and the Swift fast path
    # answers 1 for everything below DEL, so store 1 like every other control.
    widths[0] = 1
    return widths, version, negative


def ranges(table):
    for lo, hi in table:
        yield lo, hi


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, 'Sources', 'VTParser', 'Generated', 'UnicodeTables.swift')

    widths, glibc_version, negative = glibc_widths()
    props = bytearray(widths)

    grapheme_sources = [
        ('Extend', table_grapheme.GRAPHEME_EXTEND),
        ('ZWJ', table_grapheme.GRAPHEME_ZWJ),
        ('Regional_Indicator', table_grapheme.GRAPHEME_REGIONAL_INDICATOR),
        ('SpacingMark', table_grapheme.GRAPHEME_SPACINGMARK),
        ('Prepend', table_grapheme.GRAPHEME_PREPEND),
        ('L', table_grapheme.GRAPHEME_L),
        ('V', table_grapheme.GRAPHEME_V),
        ('T', table_grapheme.GRAPHEME_T),
        ('LV', table_grapheme.GRAPHEME_LV),
        ('LVT', table_grapheme.GRAPHEME_LVT),
    ]
    for name, table in grapheme_sources:
        for lo, hi in ranges(table):
            for cp in range(lo, hi + 1):
                props[cp] = (props[cp] & ~0x3C) | (GBC[name] << 2)
    for lo, hi in ranges(table_grapheme.EXTENDED_PICTOGRAPHIC):
        for cp in range(lo, hi + 1):
            props[cp] |= EXT_PICT
    vs16_versions = sorted(table_vs16.VS16_NARROW_TO_WIDE, key=lambda v: tuple(map(int, v.split('.'))))
    vs16_version = vs16_versions[-1]
    for lo, hi in ranges(table_vs16.VS16_NARROW_TO_WIDE[vs16_version]):
        for cp in range(lo, hi + 1):
            if widths[cp] == 1:
                props[cp] |= VS16_WIDENS

    # Cross-check against Python's unicodedata East_Asian_Width (not used for the table).
    ucd_wide_glibc_narrow = []
    glibc_wide_ucd_not = []
    for cp in range(MAX + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if unicodedata.category(ch) == 'Cn':
            continue
        eaw = unicodedata.east_asian_width(ch)
        if eaw in ('W', 'F') and widths[cp] != 2:
            ucd_wide_glibc_narrow.append(cp)
        elif eaw not in ('W', 'F') and widths[cp] == 2:
            glibc_wide_ucd_not.append(cp)

    def summary_ranges(cps):
        out_r = []
        for cp in cps:
            if out_r and out_r[-1][1] == cp - 1:
                out_r[-1][1] = cp
            else:
                out_r.append([cp, cp])
        return ', '.join('%04X' % a if a == b else '%04X-%04X' % (a, b) for a, b in out_r[:12]) + \
            (' ...' if len(out_r) > 12 else '')

    direct = props[:DIRECT]
    runs = []
    prev = None
    for cp in range(DIRECT, MAX + 1):
        if props[cp] != prev:
            runs.append((cp << 8) | props[cp])
            prev = props[cp]

    counts = {w: widths.count(w) for w in (0, 1, 2, 3)}
    summary = [
        'glibc %s wcwidth() under C.UTF-8; %d scalars returned -1 (stored as 3: unprintable)' % (glibc_version, negative),
        'width 0: %d scalars, width 1: %d, width 2: %d' % (counts[0], counts[1], counts[2]),
        'unicodedata %s cross-check: %d assigned scalars East_Asian_Width W/F but not 2 in glibc: %s'
        % (unicodedata.unidata_version, len(ucd_wide_glibc_narrow), summary_ranges(ucd_wide_glibc_narrow)),
        'unicodedata %s cross-check: %d scalars 2 in glibc but not W/F: %s'
        % (unicodedata.unidata_version, len(glibc_wide_ucd_not), summary_ranges(glibc_wide_ucd_not)),
        'grapheme break + Extended_Pictographic: wcwidth %s package (%s)'
        % (wcwidth.__version__, table_grapheme.__doc__.strip().splitlines()[0]),
        'VS16 narrow-to-wide bases: wcwidth package VS16_NARROW_TO_WIDE[%s]' % vs16_version,
        '%d runs above U+%04X' % (len(runs), DIRECT),
    ]
    for line in summary:
        print(line)

    lines = []
    lines.append('// GENERATED by scripts/gen-unicode-tables.py. Do not edit by hand; rerun the script.')
    lines.append('//')
    lines.append('// Display widths come from glibc wcwidth() because tmux 3.3a, our conformance reference,')
    lines.append('// uses it; -1 (control/unassigned) is stored as 3: tmux 3.3a drops such characters.')
    for line in summary:
        lines.append('// ' + line)
    lines.append('//')
    lines.append('// Property byte: bits 0-1 width (3: wcwidth -1), bits 2-5 GraphemeBreakClass raw value,')
    lines.append('// bit 6 Extended_Pictographic, bit 7 narrow base that VS16 widens to 2.')
    lines.append('')
    lines.append('/// Properties of U+0000...U+%04X, indexed by scalar value.' % (DIRECT - 1))
    lines.append('@usableFromInline')
    lines.append('let unicodeDirectProperties: [UInt8] = [')
    for i in range(0, DIRECT, 16):
        lines.append('    ' + ', '.join('0x%02X' % b for b in direct[i:i + 16]) + ',')
    lines.append(']')
    lines.append('')
    lines.append('/// Runs above U+%04X: each word is (first scalar << 8) | property byte; a run lasts' % DIRECT)
    lines.append('/// until the next word\'s first scalar.')
    lines.append('@usableFromInline')
    lines.append('let unicodePropertyRuns: [UInt32] = [')
    for i in range(0, len(runs), 8):
        lines.append('    ' + ', '.join('0x%08X' % r for r in runs[i:i + 8]) + ',')
    lines.append(']')
    lines.append('')
    with open(out, 'w') as f:
        f.write('\n'.join(lines))
    print('wrote', os.path.relpath(out, root))


if __name__ == '__main__':
    main()
