"""Text from a checked repository, made safe to show on a terminal or in a CI log.

File names, keys, values and comments come from whoever wrote the repository, and a pull request
can come from anyone. Printed as they are, an ESC starts a terminal control sequence (retitle the
window, rewrite earlier lines, hide text), a newline starts a line that a CI runner reads as one
of its own commands (GitHub's `::stop-commands::`, a forged `::error::`), and a bidirectional
override makes a line read differently from what it holds. Every such character is shown
visibly instead, the way ruff shows `␛` and git quotes a file name: C0 controls and DEL as
their Unicode control pictures (one column wide, so carets stay under their characters), C1
controls, bidirectional controls and line separators as `<U+XXXX>`. Tabs stay: they are harmless,
and snippets need them to keep the caret aligned.

Machine formats keep the exact text (a path in a JSON report must be the path): there the same
characters become JSON `\\uXXXX` escapes, which are lossless and print as plain ASCII.
"""

from __future__ import annotations

import re
from typing import TextIO

# Everything a terminal or log viewer may act on, besides the tab.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# What json.dumps leaves raw (it escapes U+0000-U+001F itself).
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: ␛ for ESC, ␊ for LF, ␍ for CR
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """The text with every control character shown, never acted on."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_picture, text)


def json_safe(document: str) -> str:
    """JSON text (from json.dumps) with the controls it leaves raw escaped as \\uXXXX: the same
    JSON value, and nothing a terminal would act on when the report is printed."""
    if _JSON_RAW.search(document) is None:
        return document
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def say(stream: TextIO, message: str, prefix: str = "edgelint: error: ") -> None:
    """One line on stderr (or another stream): escaped, so that it stays one line."""
    stream.write(f"{prefix}{visible(message)}\n")
