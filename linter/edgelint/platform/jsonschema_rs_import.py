"""jsonschema-rs's import, without the e-mail package it runs once and never again.

When it is imported, jsonschema-rs records when it was built (pyo3-built's `__build__` of
`jsonschema_rs.jsonschema_rs`, key `info-time`) by handing a date such as
`Thu, 12 Nov 2026 07:50:16 +0000` to `email.utils.parsedate_to_datetime`. That one call
imports Python's e-mail package (socket, calendar, locale, base64, quopri, ...): about 11 ms of
the 15 ms import on 2 cores, paid by every process that checks a file — a pre-commit run, and
each worker of a big one — for a timestamp nothing reads.

So during that import, and only then, `email.utils` is a stand-in whose one function gives the
same datetime for that form of date (RFC 2822, UTC written as `+0000`) and hands any other text
to the real `parsedate_to_datetime`, imported then. Afterwards the stand-in leaves
`sys.modules`: the next `import email.utils` anywhere is the real module. If the import fails
with the stand-in in place (a jsonschema-rs that asks for something else), it is imported again
the ordinary way.
"""

from __future__ import annotations

import re
import sys
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# What chrono's to_rfc2822 writes for a UTC time, as pyo3-built stores the build time.
_RFC2822_UTC = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) \+0000"
)


def parsedate_to_datetime(text: str) -> datetime:
    """`email.utils.parsedate_to_datetime`, for the form of date jsonschema-rs gives it."""
    from datetime import datetime, timedelta, timezone

    match = _RFC2822_UTC.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        from email.utils import parsedate_to_datetime as real

        return real(text)
    day, month, year, hour, minute, second = match.groups()
    numbers = (int(year), MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second))
    # As the real one builds it: timezone(timedelta(0)) is timezone.utc.
    return datetime(*numbers, tzinfo=timezone(timedelta(seconds=0)))


def import_jsonschema_rs() -> ModuleType:
    """`import jsonschema_rs`; ImportError when there is no wheel for this platform."""
    if "jsonschema_rs" not in sys.modules and "email.utils" not in sys.modules:
        imported = _with_stand_in()
        if imported is not None:
            return imported
    import jsonschema_rs

    return jsonschema_rs


def _with_stand_in() -> ModuleType | None:
    """jsonschema-rs imported while `email.utils` is the stand-in; None if that failed for
    another reason than a missing wheel (nothing of the attempt is left in sys.modules)."""
    stand_in = ModuleType("email.utils", "edgelint's stand-in while jsonschema-rs is imported")
    stand_in.parsedate_to_datetime = parsedate_to_datetime  # type: ignore[attr-defined]
    sys.modules["email.utils"] = stand_in
    try:
        import jsonschema_rs
    except ImportError:
        raise  # no wheel: the caller's to handle, as for a plain import
    except Exception:  # it asked the stand-in for more than it has
        for name in [n for n in sys.modules if n.partition(".")[0] == "jsonschema_rs"]:
            del sys.modules[name]
        return None
    finally:
        if sys.modules.get("email.utils") is stand_in:
            del sys.modules["email.utils"]
    return jsonschema_rs
