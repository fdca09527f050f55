#!/usr/bin/env python3
"""Finishes the man page argument-parser generates (make man): argument-parser can only fill
NAME, SYNOPSIS, DESCRIPTION and a generic EXIT STATUS, and it copies --help discussions as raw
text, where mdoc runs a line after an indented example into that example ("...panic Exit
status:").

- A blank line inside a discussion becomes .Pp, so paragraphs stay apart.
- The exit-status table of the root help (ExitStatus.table) moves from DESCRIPTION into EXIT
  STATUS, replacing argument-parser's generic ".Ex -std"; the table stays written once, in Swift.
- ENVIRONMENT and FILES sections are added before EXIT STATUS.

Usage: finish-man-page.py GENERATED.1 > docs/scrollvault.1
"""
import re
import sys

ENVIRONMENT = r"""
.Sh ENVIRONMENT
.Bl -tag -width 6n
.It Ev SCROLLVAULT_DB
The archive, when
.Fl -db
is not given.
.Nm run
sets it for the command it records.
.It Ev XDG_DATA_HOME
When neither
.Fl -db
nor
.Ev SCROLLVAULT_DB
is given, the archive is
.Pa $XDG_DATA_HOME/scrollvault/archive.sqlite
(an absolute path only).
.It Ev HOME
Otherwise the archive is
.Pa $HOME/.local/share/scrollvault/archive.sqlite .
.It Ev SHELL
The command
.Nm run
starts when given none (else
.Pa /bin/sh ) .
.It Ev SCROLLVAULT_SESSION
Set by
.Nm run
to the id of the session recording the command;
.Nm run
refuses to start inside such a session unless given
.Fl -allow-nested .
.It Ev TERM
Set to xterm-256color for the recorded command when it is not set.
.It Ev NO_COLOR
When set and not empty,
.Nm search
prints no colour (colour is used only on a terminal anyway).
.It Ev COLUMNS
The width --help text is wrapped to.
.El
.Sh FILES
.Bl -tag -width 6n
.It Pa ~/.local/share/scrollvault/archive.sqlite
The default archive (a SQLite database, created 0600 in a directory created 0700: terminal
output holds secrets), with its
.Pa -wal
and
.Pa -shm
companions beside it.
.El
""".strip("\n")


def exit_status_table(lines):
    """Removes the root help's exit-status table from `lines`; returns it as mdoc."""
    try:
        start = lines.index("Exit status, every command:")
    except ValueError:
        sys.exit("finish-man-page: the root help has no 'Exit status, every command:' table")
    end = start + 1
    rows = []
    while end < len(lines) and lines[end].startswith("  "):
        match = re.match(r"^  (\S+)\s+(.*)$", lines[end])
        if match:
            rows.append([match.group(1), match.group(2)])
        else:
            rows[-1][1] += " " + lines[end].strip()
        end += 1
    if start > 0 and lines[start - 1] == "":
        start -= 1
    del lines[start:end]
    out = [".Sh EXIT STATUS", ".Bl -tag -width 6n"]
    for key, text in rows:
        out += [".It Cm " + key if not key.isdigit() else ".It " + key, text]
    return out + [".El"]


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
    table = exit_status_table(lines)
    generic = lines.index(".Ex -std")
    if lines[generic - 1] != '.Sh "EXIT STATUS"':
        sys.exit("finish-man-page: expected argument-parser's EXIT STATUS section")
    lines[generic - 1:generic + 1] = ENVIRONMENT.split("\n") + table
    # Discussion text is copied as is; a blank line between its paragraphs becomes .Pp
    # (mdoc renders a blank line as space, but warns, and runs text on after examples).
    finished = [".Pp" if line == "" and index < len(lines) - 1 else line for index, line in enumerate(lines)]
    sys.stdout.write("\n".join(finished))


main()
