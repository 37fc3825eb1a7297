"""liquidjs 9.17's standard filters, with JavaScript semantics.

python-liquid's own filters follow Shopify (Ruby): `10 | divided_by: 4` is 2, `'abc' | first` is
"a", `'a-b' | replace: '-'` is an error. The Controller runs liquidjs, where they are 2.5, "" and
"a,b". Each function below is the liquidjs 9.17.0 filter of the same name, rewritten over the
JavaScript value model of `jsvalues`; where JavaScript would throw, JSError is raised and becomes
the error the Controller stores as the value.
"""

from __future__ import annotations

import functools
import math
import re
import urllib.parse
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from liquid.exceptions import FilterError

from edgelint import javascript
from edgelint.javascript import WHITESPACE
from edgelint.render import jsvalues
from edgelint.render.jsvalues import UNDEFINED

FilterFunction = Callable[..., Any]


class JSError(FilterError):
    """What JavaScript would throw here (a TypeError, a URIError, an assertion)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, token=None)


_JS_SPACE_CLASS = "[" + re.escape(WHITESPACE) + "]"
_LEADING_SPACE = re.compile("^" + _JS_SPACE_CLASS + "+")
_TRAILING_SPACE = re.compile(_JS_SPACE_CLASS + "+$")
_SPACE_RUN = re.compile(_JS_SPACE_CLASS + "+")
_NOT_LINE_BREAK = "[^\n\r\u2028\u2029]"
_HTML_TAGS = re.compile(
    f"<script{_NOT_LINE_BREAK}*?</script>|<!--{_NOT_LINE_BREAK}*?-->"
    f"|<style{_NOT_LINE_BREAK}*?</style>|<{_NOT_LINE_BREAK}*?>"
)
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}


def js_filter(func: FilterFunction) -> FilterFunction:
    """Adapt a liquidjs-style filter to python-liquid's calling convention.

    liquidjs hands keyword arguments (`findAgent: name: "x"`) to the filter as [key, value]
    pairs among the positional ones; the filter also sees the render context, as `this.context`.
    """

    @functools.wraps(func)
    def wrapper(left: Any, *args: Any, context: Any = None, **kwargs: Any) -> Any:
        values = [jsvalues.normalize(a) for a in args]
        values.extend([k, jsvalues.normalize(v)] for k, v in kwargs.items())
        try:
            return func(context, jsvalues.normalize(left), *values)
        except JSError:
            raise
        except RecursionError:
            raise JSError("Maximum call stack size exceeded") from None

    wrapper.with_context = True  # type: ignore[attr-defined]
    return wrapper


def _arg(args: tuple[Any, ...], index: int, default: Any = UNDEFINED) -> Any:
    """A JavaScript parameter: missing and undefined both take the default."""
    if index < len(args) and not jsvalues.is_undefined(args[index]):
        return args[index]
    return default


def _raw(args: tuple[Any, ...], index: int) -> Any:
    return args[index] if index < len(args) else UNDEFINED


def _type_error(what: str) -> JSError:
    return JSError(f"TypeError: {what}")


def _require_string(value: Any, method: str, name: str = "v") -> str:
    """What V8 says when liquidjs calls a string method on something else; ``name`` is the
    parameter's name in liquidjs's source (`(x) => x.split(...)` for the url filters)."""
    if isinstance(value, str):
        return value
    if jsvalues.is_nullish(value):
        raise _type_error(
            f"Cannot read properties of {jsvalues.to_string(value)} (reading '{method}')"
        )
    raise _type_error(f"{name}.{method} is not a function")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _utf16_slice(text: str, start: int, end: int) -> str:
    data = text.encode("utf-16-le", "surrogatepass")
    return data[start * 2 : end * 2].decode("utf-16-le", "surrogatepass")


def _integer(value: Any) -> float:
    """ToIntegerOrInfinity."""
    number = jsvalues.to_number(value)
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return number
    return math.trunc(number)


def _relative(index: Any, length: int, default: int) -> int:
    if jsvalues.is_undefined(index):
        return default
    number = _integer(index)
    if number < 0:
        return int(max(length + number, 0))
    return int(min(number, length))


def js_slice(value: Any, start: Any, end: Any = UNDEFINED) -> Any:
    """String.prototype.slice / Array.prototype.slice."""
    if isinstance(value, str):
        length = _utf16_len(value)
        return _utf16_slice(value, _relative(start, length, 0), _relative(end, length, length))
    if isinstance(value, list):
        length = len(value)
        return value[_relative(start, length, 0) : _relative(end, length, length)]
    if jsvalues.is_nullish(value):
        raise _type_error(
            f"Cannot read properties of {jsvalues.to_string(value)} (reading 'slice')"
        )
    raise _type_error("v.slice is not a function")


def js_length(value: Any) -> Any:
    if isinstance(value, str):
        return _utf16_len(value)
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict):
        return value.get("length", UNDEFINED)
    return UNDEFINED


def read_property(obj: Any, key: Any) -> Any:
    """liquidjs readProperty: what `a.b` and filters' property paths read."""
    obj = jsvalues.normalize(obj)
    if jsvalues.is_nullish(obj):
        return obj
    key = jsvalues.to_string(key) if not isinstance(key, str) else key
    if key == "size":
        if isinstance(obj, (list, str)):
            return js_length(obj)
        return property_of(obj, "size")
    if key == "first":
        if isinstance(obj, list):
            return obj[0] if obj else UNDEFINED
        return property_of(obj, "first")
    if key == "last":
        if isinstance(obj, list):
            return obj[-1] if obj else UNDEFINED
        return property_of(obj, "last")
    return property_of(obj, key)


def property_of(obj: Any, key: str) -> Any:
    """JavaScript's obj[key] for plain data."""
    if isinstance(obj, dict):
        return obj.get(key, UNDEFINED)
    if isinstance(obj, (list, str)):
        if key == "length":
            return js_length(obj)
        if key.isdigit() and (key == "0" or not key.startswith("0")):
            index = int(key)
            if isinstance(obj, list):
                return obj[index] if index < len(obj) else UNDEFINED
            if index < _utf16_len(obj):
                return _utf16_slice(obj, index, index + 1)
    return UNDEFINED


def get_from_scope(obj: Any, path: str) -> Any:
    for key in path.split("."):
        obj = read_property(obj, key)
    return obj


def _property_path(prop: Any) -> str:
    if not isinstance(prop, str):
        raise _type_error("property.split is not a function")
    return prop


def _to_array(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --- html -------------------------------------------------------------------------------------


@js_filter
def escape(ctx: Any, v: Any, *args: Any) -> str:
    return re.sub(r"[&<>\"']", lambda m: _ESCAPES[m.group()], jsvalues.stringify(v))


def _unescape(v: Any) -> str:
    return re.sub(r"&(amp|lt|gt|#34|#39);", lambda m: _UNESCAPES[m.group()], jsvalues.to_string(v))


@js_filter
def escape_once(ctx: Any, v: Any, *args: Any) -> str:
    return re.sub(r"[&<>\"']", lambda m: _ESCAPES[m.group()], _unescape(v))


@js_filter
def newline_to_br(ctx: Any, v: Any, *args: Any) -> str:
    return _require_string(v, "replace").replace("\n", "<br/>")


@js_filter
def strip_html(ctx: Any, v: Any, *args: Any) -> str:
    return _HTML_TAGS.sub("", _require_string(v, "replace"))


# --- math -------------------------------------------------------------------------------------


def _math(fn: Callable[[float], float]) -> FilterFunction:
    @js_filter
    def apply(ctx: Any, v: Any, *args: Any) -> Any:
        return javascript.integral(fn(jsvalues.to_number(v)))

    return apply


def _finite(fn: Callable[[float], int]) -> Callable[[float], float]:
    return lambda x: x if not math.isfinite(x) else float(fn(x))


abs_ = _math(abs)
ceil = _math(_finite(math.ceil))
floor = _math(_finite(math.floor))


def _extreme(pick: Callable[..., float]) -> FilterFunction:
    @js_filter
    def apply(ctx: Any, v: Any, *args: Any) -> Any:
        numbers = [jsvalues.to_number(x) for x in (v, *args)]
        if any(math.isnan(n) for n in numbers):
            return math.nan
        return javascript.integral(pick(numbers))

    return apply


at_least = _extreme(max)
at_most = _extreme(min)


def _binary(op: Callable[[float, float], float]) -> FilterFunction:
    @js_filter
    def apply(ctx: Any, v: Any, *args: Any) -> Any:
        return javascript.integral(op(jsvalues.to_number(v), jsvalues.to_number(_raw(args, 0))))

    return apply


def _divide(a: float, b: float) -> float:
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1, b)
    return a / b


def _remainder(a: float, b: float) -> float:
    if b == 0 or math.isinf(a) or math.isnan(a) or math.isnan(b):
        return math.nan
    if math.isinf(b):
        return a
    return math.fmod(a, b)


def _multiply(a: float, b: float) -> float:
    if (a == 0 and math.isinf(b)) or (b == 0 and math.isinf(a)):
        return math.nan
    return a * b


def _subtract(a: float, b: float) -> float:
    if math.isinf(a) and math.isinf(b) and a == b:
        return math.nan
    return a - b


divided_by = _binary(_divide)
minus = _binary(_subtract)
modulo = _binary(_remainder)
times = _binary(_multiply)


@js_filter
def plus(ctx: Any, v: Any, *args: Any) -> Any:
    a, b = jsvalues.to_number(v), jsvalues.to_number(_raw(args, 0))
    if math.isinf(a) and math.isinf(b) and a != b:
        return math.nan
    return javascript.integral(a + b)


def _js_round(x: float) -> float:
    if math.isnan(x) or math.isinf(x):
        return x
    floor_x = math.floor(x)
    return floor_x + 1 if x - floor_x >= 0.5 else floor_x


@js_filter
def round_(ctx: Any, v: Any, *args: Any) -> Any:
    amp = math.pow(10, jsvalues.to_number(_arg(args, 0, 0)))
    value = jsvalues.to_number(v)
    if math.isnan(amp) or math.isnan(value):
        return math.nan
    return javascript.integral(_divide(_js_round(_multiply(value, amp)), amp))


# --- arrays -----------------------------------------------------------------------------------


def _case_insensitive(a: Any, b: Any) -> int:
    if jsvalues.is_nullish(a) and jsvalues.is_nullish(b):
        return 0
    if jsvalues.is_nullish(a):
        return 1
    if jsvalues.is_nullish(b):
        return -1
    x, y = jsvalues.to_string(a).lower(), jsvalues.to_string(b).lower()
    return -1 if x < y else (1 if x > y else 0)


def _js_sort(items: list[Any], compare: Callable[[Any, Any], int]) -> list[Any]:
    """Array.prototype.sort with a comparator: undefined items go last, uncompared."""
    defined = [x for x in items if not jsvalues.is_undefined(x)]
    undefined = [x for x in items if jsvalues.is_undefined(x)]
    return sorted(defined, key=functools.cmp_to_key(compare)) + undefined


@js_filter
def sort_natural(ctx: Any, v: Any, *args: Any) -> Any:
    if not isinstance(v, list):
        return []
    prop = _raw(args, 0)
    if jsvalues.is_undefined(prop):
        return _js_sort(list(v), _case_insensitive)
    key = jsvalues.to_string(prop)
    return _js_sort(
        list(v), lambda a, b: _case_insensitive(read_property(a, key), read_property(b, key))
    )


@js_filter
def url_decode(ctx: Any, v: Any, *args: Any) -> str:
    text = _require_string(v, "split", "x")
    try:
        return " ".join(_decode_uri_component(part) for part in text.split("+"))
    except ValueError:
        raise JSError("URIError: URI malformed") from None


def _decode_uri_component(text: str) -> str:
    if re.search(r"%(?![0-9a-fA-F]{2})", text):
        raise ValueError(text)
    return urllib.parse.unquote(text, errors="strict")


@js_filter
def url_encode(ctx: Any, v: Any, *args: Any) -> str:
    text = _require_string(v, "split", "x")
    return "+".join(urllib.parse.quote(part, safe="-_.!~*'()") for part in text.split(" "))


@js_filter
def join(ctx: Any, v: Any, *args: Any) -> str:
    if jsvalues.is_nullish(v):
        raise _type_error(f"Cannot read properties of {jsvalues.to_string(v)} (reading 'join')")
    if not isinstance(v, list):
        raise _type_error("v.join is not a function")
    separator = _raw(args, 0)
    sep = " " if jsvalues.is_undefined(separator) else jsvalues.to_string(separator)
    return sep.join("" if jsvalues.is_nullish(x) else jsvalues.to_string(x) for x in v)


@js_filter
def last(ctx: Any, v: Any, *args: Any) -> Any:
    if isinstance(v, list):
        return v[-1] if v else UNDEFINED
    return ""


@js_filter
def first(ctx: Any, v: Any, *args: Any) -> Any:
    if isinstance(v, list):
        return v[0] if v else UNDEFINED
    return ""


@js_filter
def reverse(ctx: Any, v: Any, *args: Any) -> list[Any]:
    if isinstance(v, list):
        return list(reversed(v))
    if isinstance(v, str):
        return list(reversed(list(v)))
    raise _type_error("v is not iterable")  # V8 names the spread variable: [...v]


def _less_or_equal(a: Any, b: Any) -> bool:
    """ECMAScript `a <= b`: false when either side is NaN."""
    x, y = jsvalues.to_number(a), jsvalues.to_number(b)
    if isinstance(a, str) and isinstance(b, str):
        return not jsvalues.less_than(b, a)
    if math.isnan(x) or math.isnan(y):
        return False
    return x <= y


def _js_compare(a: Any, b: Any) -> int:
    return -1 if jsvalues.less_than(a, b) else (1 if jsvalues.less_than(b, a) else 0)


@js_filter
def sort(ctx: Any, v: Any, *args: Any) -> list[Any]:
    items = _to_array(v)
    prop = _raw(args, 0)
    if jsvalues.to_boolean(prop):
        path = _property_path(prop)
        ordered = _js_sort(
            items, lambda a, b: _js_compare(get_from_scope(a, path), get_from_scope(b, path))
        )
    else:
        ordered = _js_sort(items, _js_compare)
    items[:] = ordered  # Array.prototype.sort sorts in place: the Controller's object changes
    return items


@js_filter
def size(ctx: Any, v: Any, *args: Any) -> Any:
    if not jsvalues.to_boolean(v):
        return 0
    length = js_length(v)
    return length if jsvalues.to_boolean(length) else 0


@js_filter
def map_(ctx: Any, v: Any, *args: Any) -> list[Any]:
    path = _property_path(_raw(args, 0))
    return [get_from_scope(item, path) for item in _to_array(v)]


@js_filter
def concat(ctx: Any, v: Any, *args: Any) -> list[Any]:
    arg = _raw(args, 0)
    return [*_to_array(v), *(arg if isinstance(arg, list) else [arg])]


@js_filter
def slice_(ctx: Any, v: Any, *args: Any) -> Any:
    begin = _raw(args, 0)
    length = _arg(args, 1, 1)
    if jsvalues.less_than(begin, 0):
        if jsvalues.is_nullish(v):
            raise _type_error(
                f"Cannot read properties of {jsvalues.to_string(v)} (reading 'length')"
            )
        begin = jsvalues.add(js_length(v), begin)
    return js_slice(v, begin, jsvalues.add(begin, length))


@js_filter
def where(ctx: Any, v: Any, *args: Any) -> list[Any]:
    path = jsvalues.to_string(_raw(args, 0))
    expected = _raw(args, 1)
    found = []
    for item in _to_array(v):
        value = get_from_scope(item, path)
        keep = (
            jsvalues.truthy(value)
            if jsvalues.is_undefined(expected)
            else jsvalues.strict_equals(value, expected)
        )
        if keep:
            found.append(item)
    return found


@js_filter
def uniq(ctx: Any, v: Any, *args: Any) -> list[Any]:
    if not jsvalues.to_boolean(v):
        return []
    if not isinstance(v, list):
        raise _type_error("(arr || []).filter is not a function")
    seen: set[str] = set()
    unique = []
    for item in v:
        key = jsvalues.to_string(item)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


# --- dates ------------------------------------------------------------------------------------

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
    return strftime(moment, jsvalues.to_string(_raw(args, 0)))


# --- objects ----------------------------------------------------------------------------------


@js_filter
def default(ctx: Any, v: Any, *args: Any) -> Any:
    fallback = _raw(args, 0)
    if isinstance(v, (list, str)):
        return v if v else fallback
    return v if jsvalues.truthy(jsvalues.value_of(v)) else fallback


@js_filter
def json(ctx: Any, v: Any, *args: Any) -> Any:
    try:
        return jsvalues.json_stringify(v)
    except jsvalues.CircularError as exc:
        raise JSError(f"TypeError: {exc}") from None


# --- strings ----------------------------------------------------------------------------------


@js_filter
def append(ctx: Any, v: Any, *args: Any) -> str:
    arg = _raw(args, 0)
    if jsvalues.is_undefined(arg):
        raise JSError("AssertionError: append expect 2 arguments")
    return jsvalues.stringify(v) + jsvalues.stringify(arg)


@js_filter
def prepend(ctx: Any, v: Any, *args: Any) -> str:
    arg = _raw(args, 0)
    if jsvalues.is_undefined(arg):
        raise JSError("AssertionError: prepend expect 2 arguments")
    return jsvalues.stringify(arg) + jsvalues.stringify(v)


@js_filter
def lstrip(ctx: Any, v: Any, *args: Any) -> str:
    return _LEADING_SPACE.sub("", jsvalues.stringify(v))


@js_filter
def rstrip(ctx: Any, v: Any, *args: Any) -> str:
    return _TRAILING_SPACE.sub("", jsvalues.stringify(v))


@js_filter
def strip(ctx: Any, v: Any, *args: Any) -> str:
    return jsvalues.stringify(v).strip(WHITESPACE)


@js_filter
def downcase(ctx: Any, v: Any, *args: Any) -> str:
    return jsvalues.stringify(v).lower()


@js_filter
def upcase(ctx: Any, v: Any, *args: Any) -> str:
    return jsvalues.stringify(v).upper()


def js_split(text: str, separator: str) -> list[str]:
    if separator == "":
        return [_utf16_slice(text, i, i + 1) for i in range(_utf16_len(text))]
    return text.split(separator)


@js_filter
def remove(ctx: Any, v: Any, *args: Any) -> str:
    return "".join(js_split(jsvalues.stringify(v), jsvalues.to_string(_raw(args, 0))))


def _substitution(replacement: str, matched: str, before: str, after: str) -> str:
    """GetSubstitution for a string pattern: $$, $&, $` and $'."""
    return re.sub(
        r"\$([$&`'])",
        lambda m: {"$": "$", "&": matched, "`": before, "'": after}[m.group(1)],
        replacement,
    )


def js_replace_first(text: str, pattern: str, replacement: Any) -> str:
    index = text.find(pattern)
    if index < 0:
        return text
    before, after = text[:index], text[index + len(pattern) :]
    return before + _substitution(jsvalues.to_string(replacement), pattern, before, after) + after


@js_filter
def remove_first(ctx: Any, v: Any, *args: Any) -> str:
    return js_replace_first(jsvalues.stringify(v), jsvalues.to_string(_raw(args, 0)), "")


@js_filter
def split(ctx: Any, v: Any, *args: Any) -> list[str]:
    return js_split(jsvalues.stringify(v), jsvalues.to_string(_raw(args, 0)))


@js_filter
def strip_newlines(ctx: Any, v: Any, *args: Any) -> str:
    return jsvalues.stringify(v).replace("\n", "")


@js_filter
def capitalize(ctx: Any, v: Any, *args: Any) -> str:
    text = jsvalues.stringify(v)
    if not text:
        return text
    head = _utf16_slice(text, 0, 1)
    return head.upper() + _utf16_slice(text, 1, _utf16_len(text))


@js_filter
def replace(ctx: Any, v: Any, *args: Any) -> str:
    pieces = js_split(jsvalues.stringify(v), jsvalues.to_string(_raw(args, 0)))
    replacement = _raw(args, 1)
    return (
        ",".join if jsvalues.is_undefined(replacement) else jsvalues.to_string(replacement).join
    )(pieces)


@js_filter
def replace_first(ctx: Any, v: Any, *args: Any) -> str:
    return js_replace_first(jsvalues.stringify(v), jsvalues.to_string(_raw(args, 0)), _raw(args, 1))


@js_filter
def truncate(ctx: Any, v: Any, *args: Any) -> str:
    text = jsvalues.stringify(v)
    limit = _arg(args, 0, 50)
    ellipsis = _arg(args, 1, "...")
    if _less_or_equal(_utf16_len(text), limit):
        return text
    end = jsvalues.to_number(limit) - jsvalues.to_number(js_length(ellipsis))
    cut = _utf16_slice(text, 0, max(int(_integer(end)), 0)) if not math.isnan(end) else ""
    return jsvalues.add(cut, ellipsis)  # type: ignore[no-any-return]


@js_filter
def truncatewords(ctx: Any, v: Any, *args: Any) -> str:
    text = _require_string(v, "split")
    limit = _arg(args, 0, 15)
    ellipsis = _arg(args, 1, "...")
    words = _SPACE_RUN.split(text)
    result = " ".join(js_slice(words, 0, limit))
    if _less_or_equal(limit, len(words)):
        result = jsvalues.add(result, ellipsis)
    return result


STANDARD_FILTERS: dict[str, FilterFunction] = {
    "escape": escape,
    "escape_once": escape_once,
    "newline_to_br": newline_to_br,
    "strip_html": strip_html,
    "abs": abs_,
    "at_least": at_least,
    "at_most": at_most,
    "ceil": ceil,
    "divided_by": divided_by,
    "floor": floor,
    "minus": minus,
    "modulo": modulo,
    "times": times,
    "round": round_,
    "plus": plus,
    "sort_natural": sort_natural,
    "url_decode": url_decode,
    "url_encode": url_encode,
    "join": join,
    "last": last,
    "first": first,
    "reverse": reverse,
    "sort": sort,
    "size": size,
    "map": map_,
    "concat": concat,
    "slice": slice_,
    "where": where,
    "uniq": uniq,
    "date": date,
    "default": default,
    "json": json,
    "append": append,
    "prepend": prepend,
    "lstrip": lstrip,
    "downcase": downcase,
    "upcase": upcase,
    "remove": remove,
    "remove_first": remove_first,
    "rstrip": rstrip,
    "split": split,
    "strip": strip,
    "strip_newlines": strip_newlines,
    "capitalize": capitalize,
    "replace": replace,
    "replace_first": replace_first,
    "truncate": truncate,
    "truncatewords": truncatewords,
}
