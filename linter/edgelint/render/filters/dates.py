"""liquidjs 9.17's `date`: its own strftime over JavaScript's Date parsing."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from edgelint import javascript
from edgelint.render import jsvalues
from edgelint.render.filters.base import js_filter, raw

_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
_FORMAT = re.compile(r"%([-_0^#:]+)?(\d+)?([EO])?(.)", re.DOTALL)
_PAD_WIDTH = {"d": 2, "e": 2, "H": 2, "I": 2, "j": 3, "k": 2, "l": 2, "L": 3, "m": 2, "M": 2,
              "S": 2, "U": 2, "W": 2}  # fmt: skip
_PAD_CHAR = {c: " " for c in "aAbBceklpP"}
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?"
    r"(Z|[+-]\d{2}:\d{2})?$"
)


def _parse_date(v: Any) -> datetime | None:
    """The JavaScript Date for what liquidjs's `date` accepts; the Controller runs in UTC."""
    if javascript.is_number(v):
        try:
            return datetime.fromtimestamp(v, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(v, str):
        return None
    if v.isdigit():
        return _parse_date(int(v))
    match = _ISO.match(v.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, millis, zone = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0),
            int(second or 0), int((millis or "0").ljust(3, "0")) * 1000, tzinfo=timezone.utc,
        )  # fmt: skip
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        offset = sign * (int(zone[1:3]) * 60 + int(zone[4:6]))
        moment = moment.replace(tzinfo=timezone.utc) - _minutes(offset)
    return moment


def _minutes(count: int) -> Any:
    from datetime import timedelta

    return timedelta(minutes=count)


def _week_of_year(d: datetime, start: int) -> str:
    day_of_year = d.timetuple().tm_yday
    js_day = (d.weekday() + 1) % 7
    now = day_of_year + (start - js_day)
    jan1 = datetime(d.year, 1, 1, tzinfo=timezone.utc)
    then = 7 - (jan1.weekday() + 1) % 7 + start
    return str(math.floor((now - then) / 7) + 1)


def _convert(d: datetime, code: str, flags: str, width: str | None) -> str | None:
    js_day = (d.weekday() + 1) % 7
    hour12 = str(d.hour % 12 or 12)
    table: dict[str, Callable[[], Any]] = {
        "a": lambda: _DAYS[js_day][:3],
        "A": lambda: _DAYS[js_day],
        "b": lambda: _MONTHS[d.month - 1][:3],
        "h": lambda: _MONTHS[d.month - 1][:3],
        "B": lambda: _MONTHS[d.month - 1],
        "C": lambda: int(str(d.year)[:2]),
        "d": lambda: d.day,
        "e": lambda: d.day,
        "H": lambda: d.hour,
        "I": lambda: hour12,
        "j": lambda: d.timetuple().tm_yday,
        "k": lambda: d.hour,
        "l": lambda: hour12,
        "L": lambda: d.microsecond // 1000,
        "m": lambda: d.month,
        "M": lambda: d.minute,
        "p": lambda: "AM" if d.hour < 12 else "PM",
        "P": lambda: "am" if d.hour < 12 else "pm",
        "q": lambda: {"1": "st", "2": "nd", "3": "rd"}.get(str(d.day)[-1], "th"),
        "s": lambda: round(d.timestamp()),
        "S": lambda: d.second,
        "u": lambda: js_day or 7,
        "U": lambda: _week_of_year(d, 0),
        "w": lambda: js_day,
        "W": lambda: _week_of_year(d, 1),
        "y": lambda: str(d.year)[2:4],
        "Y": lambda: d.year,
        "z": lambda: "+00" + (":" if ":" in flags else "") + "00",
        "t": lambda: "\t",
        "n": lambda: "\n",
        "%": lambda: "%",
    }
    if code not in table:
        return None
    text = jsvalues.to_string(table[code]())
    pad_char = _PAD_CHAR.get(code, "0")
    pad_width = int(width) if width else _PAD_WIDTH.get(code, 0)
    if "^" in flags:
        text = text.upper()
    elif "#" in flags:
        text = text.upper() if any("a" <= c <= "z" for c in text) else text.lower()
    if "_" in flags:
        pad_char = " "
    elif "0" in flags:
        pad_char = "0"
    if "-" in flags:
        pad_width = 0
    return text.rjust(pad_width, pad_char)


def strftime(d: datetime, pattern: str) -> str:
    output = ""
    remaining = pattern
    while True:
        match = _FORMAT.search(remaining)
        if match is None:
            return output + remaining
        output += remaining[: match.start()]
        remaining = remaining[match.end() :]
        flags, width, _, code = match.groups()
        converted = _convert(d, code, flags or "", width)
        output += match.group() if converted is None else converted


@js_filter
def date(ctx: Any, v: Any, *args: Any) -> Any:
    moment = _parse_date(v)
    if moment is None:
        return v
    return strftime(moment, jsvalues.to_string(raw(args, 0)))
