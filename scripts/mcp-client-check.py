#!/usr/bin/env python3
"""Drives `scrollvault mcp` with the official MCP Python client, over stdio, as an agent would.

Usage: mcp-client-check.py SCROLLVAULT ARCHIVE [--examples]

The archive must hold the sessions the end-to-end test prepares (Tests/EndToEndTests/
MCPServerTests.swift): "plain" (two lines) and "build" (three commands in /src: `make` printing
"built" and "warning: x", exiting 2; `make` printing "built" and "warning: y"; `seq` printing
"line 000001" to "line 100000"). Exits 0 when every check holds, 1 with the first failure
otherwise; 3 when the client library is missing. With --examples, prints one call and answer
per tool.
"""
import asyncio
import json
import sys

try:
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
except ImportError as error:  # the test reports this as "client unavailable"
    print(f"mcp-client-check: the Python MCP client is not installed ({error})", file=sys.stderr)
    sys.exit(3)

try:
    from mcp.shared.exceptions import MCPError as ClientError
except ImportError:  # mcp 1.x
    from mcp.shared.exceptions import McpError as ClientError

CONTRACT = {
    "search": {"query", "mode", "session", "since", "until", "limit", "context"},
    "list_sessions": set(),
    "list_commands": {"session", "failed", "since", "cwd", "limit"},
    "get_command_output": {"id", "offset", "limit"},
    "get_session_text": {"session", "first_line", "limit"},
    "diff_command_output": {"id", "against"},
}


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def text_of(result):
    return "".join(part.text for part in result.content if getattr(part, "type", "") == "text")


async def call(session, name, arguments, examples=None):
    result = await session.call_tool(name, arguments)
    check(not result.is_error, f"{name} {arguments}: isError: {text_of(result)}")
    check(isinstance(result.structured_content, dict), f"{name} {arguments}: no structured content")
    if examples is not None and name not in examples:
        examples[name] = (arguments, text_of(result), result.structured_content)
    return result


async def expect_error(session, name, arguments, fragment):
    try:
        result = await session.call_tool(name, arguments)
    except ClientError as error:
        message = str(error)
        check(fragment in message, f"{name} {arguments}: the error '{message}' does not say '{fragment}'")
        # The server still answers after an error.
        after = await session.call_tool("list_sessions", {})
        check(not after.is_error, "the server stopped answering after an error")
        return message
    raise CheckFailed(f"{name} {arguments}: no MCP error, answered {text_of(result)!r}")


async def run(binary, archive, show_examples):
    examples = {}
    params = StdioServerParameters(command=binary, args=["mcp", "--db", archive])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            initialized = await session.initialize()
            check(initialized.server_info.name == "scrollvault", f"server name {initialized.server_info.name}")

            # The tools, their argument names and the read-only annotation are a contract.
            tools = (await session.list_tools()).tools
            check({t.name for t in tools} == set(CONTRACT), f"tools {[t.name for t in tools]}")
            for tool in tools:
                arguments = set(tool.input_schema.get("properties", {}))
                check(arguments == CONTRACT[tool.name], f"{tool.name} takes {sorted(arguments)}, not {sorted(CONTRACT[tool.name])}")
                check(tool.annotations is not None and tool.annotations.read_only_hint is True, f"{tool.name} is not marked read-only")
            print("ok: tools and their arguments")

            sessions = (await call(session, "list_sessions", {}, examples)).structured_content["sessions"]
            names = {s["name"]: s for s in sessions}
            check({"plain", "build"} <= set(names), f"sessions {list(names)}")
            check(names["plain"]["lines"] == 2 and names["build"]["commands"] == 3, f"sessions {sessions}")
            print("ok: list_sessions")

            found = await call(session, "search", {"query": "quick fox"}, examples)
            matches = found.structured_content["matches"]
            check([(m["session_name"], m["line"], m["text"]) for m in matches] == [("plain", 2, "the quick brown fox")], f"search: {matches}")
            check("plain:2:the quick brown fox" in text_of(found), f"search text: {text_of(found)!r}")
            regex = await call(session, "search", {"query": r"^warning: [xy]$", "mode": "regex", "session": "build"})
            check([m["text"] for m in regex.structured_content["matches"]] == ["warning: y", "warning: x"], f"regex: {regex.structured_content}")
            phrase = await call(session, "search", {"query": "brown quick", "mode": "phrase"})
            check(phrase.structured_content["returned"] == 0, f"phrase in the wrong order matched: {phrase.structured_content}")
            substring = await call(session, "search", {"query": "ne 09999", "mode": "substring", "limit": 3, "context": 1})
            got = substring.structured_content
            check(got["returned"] == 3 and got["total"] >= 10, f"substring: {got['returned']} of {got['total']}")
            first = got["matches"][0]
            check(first["text"] == "line 099999" and [c["text"] for c in first["context_before"]] == ["line 099998"]
                  and [c["text"] for c in first["context_after"]] == ["line 100000"], f"context: {first}")
            window = await call(session, "search", {"query": "quick", "since": "1h", "until": "2999-01-01"})
            check(window.structured_content["returned"] == 1, f"since/until: {window.structured_content}")
            print("ok: search")

            listed = (await call(session, "list_commands", {"session": "build"}, examples)).structured_content["commands"]
            check([c["command"] for c in listed] == ["make", "make", "seq"], f"commands: {listed}")
            make1, make2, seq = (c["id"] for c in listed)
            failed = (await call(session, "list_commands", {"failed": True})).structured_content["commands"]
            check([c["id"] for c in failed] == [make1], f"failed: {failed}")
            in_src = (await call(session, "list_commands", {"cwd": "/src", "limit": 1, "since": "1d"})).structured_content["commands"]
            check([c["id"] for c in in_src] == [seq], f"cwd + limit: {in_src}")
            check(listed[2]["output_lines"] == 100_000, f"seq output lines: {listed[2]}")
            print("ok: list_commands")

            output = await call(session, "get_command_output", {"id": make1}, examples)
            got = output.structured_content
            check([l["text"] for l in got["lines"]] == ["built", "warning: x"] and got["remaining"] == 0 and got["exit_status"] == 2, f"output: {got}")
            check("built\nwarning: x\n" in text_of(output), f"output text: {text_of(output)!r}")

            # Page a 100,000-line output to its end: every line once, in order; remaining reaches 0.
            lines, offset, pages, remaining = [], 0, 0, None
            while True:
                page = (await call(session, "get_command_output", {"id": seq, "offset": offset, "limit": 5000})).structured_content
                pages += 1
                check(page["total_lines"] == 100_000, f"total_lines {page['total_lines']}")
                check(page["returned"] == len(page["lines"]) > 0, f"page at {offset}: {page['returned']} lines")
                lines.extend(l["text"] for l in page["lines"])
                if remaining is not None:
                    check(page["remaining"] == remaining - page["returned"], f"remaining went from {remaining} to {page['remaining']}")
                remaining = page["remaining"]
                check(remaining == 100_000 - len(lines), f"remaining {remaining} after {len(lines)} lines")
                if remaining == 0:
                    check(page["next_offset"] is None, f"next_offset at the end: {page['next_offset']}")
                    break
                check(page["next_offset"] == offset + page["returned"], f"next_offset {page['next_offset']} at {offset}")
                offset = page["next_offset"]
                check(pages < 100, "paging does not end")
            check(lines == [f"line {n:06d}" for n in range(1, 100_001)], "the paged lines are not line 000001 to line 100000, each once, in order")
            default_page = (await call(session, "get_command_output", {"id": seq})).structured_content
            check(default_page["returned"] == 200 and default_page["remaining"] == 99_800, f"default page: {default_page['returned']}, {default_page['remaining']}")
            last = (await call(session, "get_command_output", {"id": -1, "offset": 99_999})).structured_content
            check([l["text"] for l in last["lines"]] == ["line 100000"] and last["remaining"] == 0, f"-1: {last}")
            print(f"ok: get_command_output paged 100,000 lines in {pages} pages")

            text = await call(session, "get_session_text", {"session": "plain"}, examples)
            got = text.structured_content
            check([(l["line"], l["text"]) for l in got["lines"]] == [(1, "hello world"), (2, "the quick brown fox")] and got["remaining"] == 0, f"session text: {got}")
            head = (await call(session, "get_session_text", {"session": "plain", "first_line": 1, "limit": 1})).structured_content
            check(head["remaining"] == 1 and head["next_first_line"] == 2, f"first page: {head}")
            build = (await call(session, "get_session_text", {"session": str(names["build"]["id"]), "first_line": 2, "limit": 3})).structured_content
            check([l["line"] for l in build["lines"]] == [2, 3, 4], f"by id: {build}")
            print("ok: get_session_text")

            diff = await call(session, "diff_command_output", {"id": make2}, examples)
            got = diff.structured_content
            check(not got["same"] and got["old"]["id"] == make1 and got["new"]["id"] == make2, f"diff: {got}")
            check(got["hunks"][0]["lines"] == [" built", "+warning: y", "-warning: x"], f"diff hunk: {got['hunks']}")
            check("+warning: y\n-warning: x\n" in text_of(diff), f"diff text: {text_of(diff)!r}")
            same = (await call(session, "diff_command_output", {"id": make1, "against": make1})).structured_content
            check(same["same"] and same["hunks"] == [], f"same: {same}")
            print("ok: diff_command_output")

            await expect_error(session, "search", {"query": "[", "mode": "regex"}, "bad query")
            await expect_error(session, "search", {"query": "x", "mode": "fuzzy"}, "mode must be one of words, phrase, substring, regex")
            await expect_error(session, "search", {"querry": "x"}, "no argument 'querry'")
            await expect_error(session, "get_command_output", {"id": "twelve"}, "id must be an integer")
            await expect_error(session, "get_command_output", {"id": seq, "limit": 0}, "limit must be from 1 to 5000")
            await expect_error(session, "get_command_output", {"id": 987654}, "no command 987654")
            await expect_error(session, "get_session_text", {"session": "plain", "first_line": 2**62}, "first_line must be from 1 to")
            await expect_error(session, "get_command_output", {"id": seq, "offset": -1}, "offset must be from 0 to")
            await expect_error(session, "get_session_text", {"session": "nosuch"}, "no session matches 'nosuch'")
            await expect_error(session, "list_commands", {"since": "yesterday-ish"}, "is not a time")
            await expect_error(session, "diff_command_output", {"id": seq}, "has no earlier run")
            await expect_error(session, "no_such_tool", {}, "no tool 'no_such_tool'")
            print("ok: errors are MCP errors and the server goes on answering")

    if show_examples:
        for name, (arguments, text, structured) in examples.items():
            shown = json.dumps(structured)
            print(f"\n== {name} {json.dumps(arguments)}\n{text}-- structured: {shown[:600]}{'…' if len(shown) > 600 else ''}")


def first_check_failed(error):
    if isinstance(error, CheckFailed):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = first_check_failed(inner)
        if found is not None:
            return found
    return None


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        asyncio.run(run(sys.argv[1], sys.argv[2], "--examples" in sys.argv[3:]))
    except BaseException as error:  # the client's task groups wrap a failed check in exception groups
        failure = first_check_failed(error)
        if failure is None:
            raise
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
