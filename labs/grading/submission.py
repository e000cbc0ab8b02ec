"""Submissions: the ordered command lines a learner gave, from the sandbox's log or a script.

An entry is `{"t": ms or None, "line": str, "stdin": str}`. `t` is virtual milliseconds since
the lab began (the sandbox records it); a script's entries have no time and run one after
another, time passing only where a command takes it (`sleep`, `kubectl wait`, ...). A script
keeps here-documents inside the entry they belong to, so the command language reads them as
a terminal would: `kubectl apply -f - <<EOF` ... `EOF` is one entry.
"""

from __future__ import annotations

import re

_HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
MAX_ENTRIES = 2000


class SubmissionError(ValueError):
    pass


def parse_script(text: str) -> list[dict]:
    """Command lines of a script: comments and blank lines dropped, `\\` continuations joined,
    here-document bodies kept with the line that opens them."""
    lines = text.replace("\r\n", "\n").split("\n")
    entries: list[dict] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        while line.endswith("\\") and i < len(lines):
            line = line[:-1] + lines[i]
            i += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        chunk = [line]
        for strip_tabs, word in _heredocs(line):
            while i < len(lines):
                body = lines[i]
                i += 1
                chunk.append(body)
                if (body.lstrip("\t") if strip_tabs else body) == word:
                    break
        entries.append({"t": None, "line": "\n".join(chunk), "stdin": ""})
    if len(entries) > MAX_ENTRIES:
        raise SubmissionError(f"a submission may hold at most {MAX_ENTRIES} command lines")
    return entries


def _heredocs(line: str) -> list[tuple[str, str]]:
    """(strip-tabs flag, delimiter) of each here-document the line opens outside quotes, so
    `echo '<<EOF'` opens none."""
    found = []
    for match in _HEREDOC.finditer(line):
        before = line[:match.start()]
        if before.count("'") % 2 == 0 and before.count('"') % 2 == 0:
            found.append((match.group(1), match.group(3)))
    return found


def from_log(log: list[dict], start_ms: int = 0) -> list[dict]:
    """A sandbox's command log as a submission: times made relative to the lab's start;
    entries without a line (time passing in the live view) are dropped."""
    entries = [{"t": max(0, int(e["t"]) - start_ms), "line": e["line"], "stdin": e.get("stdin") or ""}
               for e in log if e.get("line") is not None]
    if len(entries) > MAX_ENTRIES:
        raise SubmissionError(f"a submission may hold at most {MAX_ENTRIES} command lines")
    return entries


def normalise(entries: list) -> list[dict]:
    """Validate entries given as data (JSON uploads, stored attempts)."""
    out = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("line"), str):
            raise SubmissionError(f"entry {number}: each entry needs a 'line' string")
        t = entry.get("t")
        if t is not None and (not isinstance(t, int) or isinstance(t, bool) or t < 0):
            raise SubmissionError(f"entry {number}: 't' must be whole milliseconds since the start")
        out.append({"t": t, "line": entry["line"], "stdin": str(entry.get("stdin") or "")})
    if len(out) > MAX_ENTRIES:
        raise SubmissionError(f"a submission may hold at most {MAX_ENTRIES} command lines")
    return out
