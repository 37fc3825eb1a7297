"""Where a file holds credentials, and how every output keeps them hidden.

A registry password in a repository is a finding (EL504), and the report of it must not
publish it again: in a CI log, a SARIF upload or an HTML artifact it reaches more people than
the file did. Credentials are found two ways:

- in the loaded tree, where their kind says so (a Registry's `password`, `token` and the other
  SECRET_KEYS; every value under a Secret's `data`);
- by key name on the raw lines (`password:`, `token:`, `secret:`, `apiKey:`, `privateKey:` in
  any document), for what the tree does not hold: a file that does not load (its EL001 snippet
  still shows lines), the second value of a duplicate key, a key spelled `Password` in a file
  being fixed.

Masking covers the value's characters only. Snippets replace them with `*` of the same length
(line breaks kept, so every column and caret stays where it was); a diagnostic's message and
fix are scrubbed only when the diagnostic touches a credential, and in a message only where the
value is quoted (messages quote what they name: `x`) — a password `e` does not turn every `e` of
the report into `****`, and `registry` as a password is not revealed by the words that went
missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edgelint.diagnostics import Diagnostic

Span = tuple[int, int]

# Keys of a Registry spec whose value is a credential (`password` is iofogctl's; the others
# are what people add by mistake, and iofogctl refuses them as unknown keys — EL201).
SECRET_KEYS = ("password", "token", "secret", "apiKey", "api_key", "key", "privateKey")
MASK = "*"
SHOWN = "****"

# On raw lines, `key:` alone is too common (env lists are `- key: NAME`) to be a credential.
_RAW_KEY = re.compile(
    r"""(?:^|(?<=[\s{,]))["']?(?:password|passwd|token|secret|api_?key|private_?key)["']?"""
    r"""[ \t]*:(?=[ \t])[ \t]*""",
    re.IGNORECASE | re.MULTILINE,
)
_CHEAP = re.compile(r"passw|token|secret|api_?key|private_?key", re.IGNORECASE)
_CHEAP_WORDS = ("passw", "token", "secret", "apikey", "api_key", "privatekey", "private_key")


def raw_spans(text: str) -> list[Span]:
    """Values after a credential's key on the raw lines: a quoted scalar to its closing quote,
    a plain one to the end of the line, a comment or (in flow style) the next `,` or `}`."""
    if not _may_hold_credentials(text):
        return []
    spans: list[Span] = []
    for match in _RAW_KEY.finditer(text):
        start = match.end()
        end = _value_end(text, start)
        if end > start:
            spans.append((start, end))
    return spans


def _may_hold_credentials(text: str) -> bool:
    """Whether a credential's key can be on the lines at all. A case-blind regex search costs a
    quarter of a millisecond over a few kilobytes; ASCII text lowered and searched for each word
    costs a few microseconds, and says the same: in ASCII, IGNORECASE folds only A-Z. Other text
    keeps the regex, which also folds `ſ`, `ı`, `İ` and the Kelvin sign into s, i and k."""
    if not text.isascii():
        return _CHEAP.search(text) is not None
    lowered = text.lower()
    return any(word in lowered for word in _CHEAP_WORDS)


def _value_end(text: str, start: int) -> int:
    line_end = len(text)
    for brk in ("\n", "\r"):
        found = text.find(brk, start)
        if found != -1:
            line_end = min(line_end, found)
    quote = text[start : start + 1]
    if quote in ("'", '"'):
        close = text.find(quote, start + 1, line_end)
        return close + 1 if close != -1 else line_end
    if quote in ("|", ">", "&", "*", "!", "[", "{"):
        return start  # a block scalar, an anchor, a collection: the tree knows better
    end = start
    in_flow = text.rfind("{", 0, start) > text.rfind("\n", 0, start)
    while end < line_end:
        char = text[end]
        if char == "#" and text[end - 1] in " \t":
            break
        if in_flow and char in ",}":
            break
        end += 1
    return len(text[start:end].rstrip()) + start


def merged(*groups: Iterable[Span]) -> list[Span]:
    """Spans, sorted, overlapping ones joined."""
    out: list[Span] = []
    for start, end in sorted(span for group in groups for span in group):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def masked(text: str, spans: Iterable[Span], *, same_length: bool = True) -> str:
    """The text with each span's characters replaced: by `*` each (columns kept), or by one
    `***` (for a diff, where nothing has to line up). Line breaks stay, so lines stay lines."""
    pieces: list[str] = []
    cursor = 0
    for start, end in merged(spans):
        if start < cursor or end > len(text):
            continue
        pieces.append(text[cursor:start])
        value = text[start:end]
        if same_length:
            pieces.append(re.sub(r"[^\r\n]", MASK, value))
        else:
            pieces.append("***" + "".join(c for c in value if c in "\r\n"))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def scrub_diagnostics(
    diagnostics: list[Diagnostic], text: str, spans: list[Span]
) -> list[Diagnostic]:
    """Diagnostics that touch a credential, with its value taken out of their words."""
    if not spans:
        return diagnostics
    out = []
    for d in diagnostics:
        edits = d.fix.edits if d.fix is not None else ()
        reach = [(d.start_offset, max(d.end_offset, d.start_offset + 1))]
        reach.extend((e.start, max(e.end, e.start + 1)) for e in edits)
        values = _values(text, [s for s in spans if any(_overlap(s, r) for r in reach)])
        if not values:
            out.append(d)
            continue
        fix = d.fix
        if fix is not None:
            cleaned = tuple(replace(e, content=_scrub_data(e.content, values)) for e in fix.edits)
            fix = replace(fix, message=_scrub(fix.message, values), edits=cleaned)
        out.append(replace(d, message=_scrub(d.message, values), fix=fix))
    return out


def scrub_text(text: str, source: str, spans: list[Span]) -> str:
    """A text shown to a person (an editor's hover) with each credential of the file, wherever
    it stands in it, as `***`."""
    return _scrub_data(text, _values(source, spans)) if spans else text


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _values(text: str, spans: list[Span]) -> list[str]:
    values: set[str] = set()
    for start, end in spans:
        raw = text[start:end]
        values.add(raw)
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
            values.add(raw[1:-1])
    return sorted((v for v in values if v.strip()), key=len, reverse=True)


def _scrub(text: str, values: list[str]) -> str:
    """Words: a message quotes a value it names (`x`, "x", 'x'); its own words stay."""
    for value in values:
        text = re.sub(rf"(?<=[`'\"]){re.escape(value)}(?=[`'\"])", SHOWN, text)
    return text


def _scrub_data(text: str, values: list[str]) -> str:
    """Data (a fix's new text): the value wherever it stands."""
    for value in values:
        text = text.replace(value, SHOWN)
    return text
