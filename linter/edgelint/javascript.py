"""JavaScript's value semantics for the plain values YAML gives the Controller, free of Liquid.

The Controller runs in Node.js and decides with JavaScript what it stores and what it refuses:
`Number(registry)` for `images.registry`, `String(value)` for an env value, `x || default`.
Python agrees with none of that (`str(1e21)` is '1e+21' in JavaScript and '1e+21' only by
luck in Python; `str(1e-7)` is '1e-07', JavaScript's '1e-7'), so the rules (the registry family,
EL003's readers) and the renderer (render/jsvalues.py, which adds Liquid's undefined and drops
on top) all take these from here. tests/test_javascript.py compares each with node's own answer.
"""

from __future__ import annotations

import math
import re
from typing import Any, TypeVar

Missing = TypeVar("Missing")

# ECMAScript WhiteSpace and LineTerminator: what Number() and String.prototype.trim() strip.
WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_RADIX = {"0x": 16, "0X": 16, "0o": 8, "0O": 8, "0b": 2, "0B": 2}
SAFE_INTEGER = 2**53


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def integral(number: float) -> float | int:
    """A double as the int it is when whole and safe, so that it prints and compares as
    JavaScript's numbers do (3.0 is 3)."""
    if math.isfinite(number) and number == int(number) and abs(number) < SAFE_INTEGER:
        return int(number)
    return number


def number(value: Any) -> float:
    """ECMAScript `Number(value)` for null, booleans, numbers, strings and lists of them."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:  # an integer beyond a double: JavaScript says Infinity
            return math.inf if value > 0 else -math.inf
    if isinstance(value, str):
        return _string_number(value)
    if isinstance(value, list):
        if not value:
            return 0.0
        if len(value) == 1 and not isinstance(value[0], (list, dict)):
            return number(string(value[0]))
        return math.nan
    return math.nan


def _string_number(value: str) -> float:
    text = value.strip(WHITESPACE)
    if not text:
        return 0.0
    if text in ("Infinity", "+Infinity"):
        return math.inf
    if text == "-Infinity":
        return -math.inf
    radix = _RADIX.get(text[:2])
    if radix is not None:
        try:
            return float(int(text[2:], radix))
        except ValueError:
            return math.nan
        except OverflowError:
            return math.inf
    return float(text) if _DECIMAL.fullmatch(text) else math.nan


def number_to_string(value: float | int) -> str:
    """ECMAScript Number::toString(10): the shortest digits that read back, in JavaScript's
    notation (`1e+21`, `1e-7`, `0.000001`, `123456789012345680000`)."""
    if isinstance(value, int):
        if abs(value) < SAFE_INTEGER:
            return str(value)
        value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    if value < 0:
        return "-" + number_to_string(-value)
    from decimal import Decimal  # 2 ms to import: only for numbers that are not integers

    _, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits))
    k = len(text)
    n = k + exponent  # the decimal point sits after n digits
    if k <= n <= 21:
        return text + "0" * (n - k)
    if 0 < n <= 21:
        return text[:n] + "." + text[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + text
    mantissa = text[0] + ("." + text[1:] if k > 1 else "")
    power = n - 1
    return f"{mantissa}e{'+' if power >= 0 else '-'}{abs(power)}"


def string(value: Any) -> str:
    """ECMAScript `String(value)` for null, booleans, numbers, strings, lists and objects."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_to_string(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join("" if item is None else string(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def to_boolean(value: Any) -> bool:
    """ECMAScript ToBoolean (`x || default`, `!x` in the Controller's own code)."""
    if value is None or value is False or value == "":
        return False
    return not (is_number(value) and (value == 0 or value != value))


class JSDate(str):
    """A value js-yaml constructed as a Date: held as the ISO text JSON.stringify gives it."""

    __slots__ = ()

    def to_string(self) -> str:
        """String(date), as an object key becomes, in the Controller's zone (UTC in its image)."""
        if self == "Invalid Date":
            return "Invalid Date"
        from datetime import datetime

        moment = datetime.strptime(self[:19], "%Y-%m-%dT%H:%M:%S")
        day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[moment.weekday()]
        months = (
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        )
        month = months[moment.month - 1]
        return (
            f"{day} {month} {moment.day:02d} {moment.year:04d} {self[11:19]} "
            "GMT+0000 (Coordinated Universal Time)"
        )


def utf16_length(text: str) -> int:
    """`text.length`: JavaScript counts UTF-16 code units, so an emoji is 2."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_slice(text: str, start: int, end: int) -> str:
    """`text.slice(start, end)` for 0 <= start, end: by UTF-16 code units, so half an emoji
    (a lone surrogate) is a possible result, as in JavaScript."""
    data = text.encode("utf-16-le", "surrogatepass")
    return data[start * 2 : end * 2].decode("utf-16-le", "surrogatepass")


def property_of(value: Any, key: str, missing: Missing) -> Any | Missing:
    """`value[key]` for plain data: an object's own key, an array's or a string's canonical
    index (`"01"` is no index) or `length`; ``missing`` where JavaScript gives undefined (the
    renderer passes Liquid's undefined; this module knows no Liquid)."""
    if isinstance(value, dict):
        return value.get(key, missing)
    if isinstance(value, (list, str)):
        if key == "length":
            return len(value) if isinstance(value, list) else utf16_length(value)
        if key.isdigit() and key.isascii() and (key == "0" or not key.startswith("0")):
            index = int(key)
            if isinstance(value, list):
                return value[index] if index < len(value) else missing
            if index < utf16_length(value):
                return utf16_slice(value, index, index + 1)
    return missing
