"""liquidjs 9.17's math filters, in JavaScript's doubles: `10 | divided_by: 4` is 2.5, a division by
zero is Infinity or NaN, never an error."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from edgelint import javascript
from edgelint.render import jsvalues
from edgelint.render.filters.base import FilterFunction, arg, js_filter, raw


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
        return javascript.integral(op(jsvalues.to_number(v), jsvalues.to_number(raw(args, 0))))

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
    a, b = jsvalues.to_number(v), jsvalues.to_number(raw(args, 0))
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
    amp = math.pow(10, jsvalues.to_number(arg(args, 0, 0)))
    value = jsvalues.to_number(v)
    if math.isnan(amp) or math.isnan(value):
        return math.nan
    return javascript.integral(_divide(_js_round(_multiply(value, amp)), amp))
