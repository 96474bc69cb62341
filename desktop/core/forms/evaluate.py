"""Evaluation of parsed expressions with XPath 1.0 value rules, as ODK and Kobo apply them.

Values inside an evaluation are ``str``, ``float``, ``bool``, ``datetime.date`` or a
:class:`NodeSet` (the values of a field inside a repeat, seen from outside it). An empty answer
is the empty string; arithmetic on it gives NaN, and a NaN or infinite result is stored as an
empty value. Dates count as days since 1970-01-01 in arithmetic and comparisons.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Protocol

from desktop.core.forms.expressions import (
    Binary,
    Call,
    Column,
    Current,
    Literal,
    Negate,
    Node,
    Ref,
)

EPOCH = dt.date(1970, 1, 1)
NAN = float("nan")
_NUMBER_TEXT = re.compile(r"\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*\Z")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

Value = Any  # str | float | bool | dt.date | NodeSet


class NodeSet(tuple):
    """The values of one field across repeat instances."""


class Context(Protocol):
    """What an expression can see: fields, the current value, choice columns and today."""

    today: dt.date

    def ref(self, name: str) -> Value: ...

    def current(self) -> Value: ...

    def column(self, name: str) -> Value: ...


# -- conversions -------------------------------------------------------------------------------

def parse_iso_date(text: str) -> dt.date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def to_number(value: Value) -> float:
    if isinstance(value, NodeSet):
        return to_number(value[0]) if value else NAN
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.date):
        return float((value - EPOCH).days)
    if isinstance(value, str):
        if _NUMBER_TEXT.match(value):
            return float(value)
        day = parse_iso_date(value.strip())
        return float((day - EPOCH).days) if day else NAN
    return NAN


def to_string(value: Value) -> str:
    if isinstance(value, NodeSet):
        return to_string(value[0]) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return _number_text(float(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _number_text(number: float) -> str:
    if math.isnan(number) or math.isinf(number):
        return ""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def to_bool(value: Value) -> bool:
    if isinstance(value, NodeSet):
        return len(value) > 0
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return not math.isnan(value) and value != 0
    if isinstance(value, dt.date):
        return True
    return bool(value)


def to_date(value: Value) -> dt.date | None:
    if isinstance(value, NodeSet):
        return to_date(value[0]) if value else None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value.strip())
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        try:
            return EPOCH + dt.timedelta(days=math.floor(value))
        except OverflowError:
            return None
    return None


def is_empty(value: Value) -> bool:
    if isinstance(value, float):
        return math.isnan(value) or math.isinf(value)
    return value == "" or value is None or (isinstance(value, NodeSet) and not value)


def items_of(value: Value) -> list[Value]:
    return list(value) if isinstance(value, NodeSet) else [value]


# -- the walk ----------------------------------------------------------------------------------

def evaluate(node: Node, ctx: Context) -> Value:
    """The value of ``node``; never raises on data (bad input gives empty or NaN)."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        return ctx.ref(node.name)
    if isinstance(node, Current):
        return ctx.current()
    if isinstance(node, Column):
        return ctx.column(node.name)
    if isinstance(node, Negate):
        return -to_number(evaluate(node.operand, ctx))
    if isinstance(node, Binary):
        return _binary(node, ctx)
    if isinstance(node, Call):
        return _call(node, ctx)
    raise TypeError(f"not an expression node: {type(node).__name__}")


def _binary(node: Binary, ctx: Context) -> Value:
    op = node.op
    if op == "and":
        return to_bool(evaluate(node.left, ctx)) and to_bool(evaluate(node.right, ctx))
    if op == "or":
        return to_bool(evaluate(node.left, ctx)) or to_bool(evaluate(node.right, ctx))
    left = evaluate(node.left, ctx)
    right = evaluate(node.right, ctx)
    if op in ("=", "!=", "<", "<=", ">", ">="):
        return compare(op, left, right)
    return arithmetic(op, to_number(left), to_number(right))


def compare(op: str, left: Value, right: Value) -> bool:
    """XPath comparison; a NodeSet compares true if any of its values does."""
    if isinstance(left, NodeSet) or isinstance(right, NodeSet):
        return any(compare(op, a, b) for a in items_of(left) for b in items_of(right))
    if op in ("=", "!="):
        equal = _equal(left, right)
        return equal if op == "=" else not equal
    a, b = to_number(left), to_number(right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return to_bool(left) == to_bool(right)
    if _numeric(left) or _numeric(right):
        return to_number(left) == to_number(right)
    return to_string(left) == to_string(right)


def _numeric(value: Value) -> bool:
    return isinstance(value, int | float | dt.date)


def arithmetic(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        return _divide(a, b)
    if op == "mod":
        return math.fmod(a, b) if b != 0 and math.isfinite(a) else NAN
    raise ValueError(f"unknown operator {op!r}")


def _divide(a: float, b: float) -> float:
    if b != 0 or math.isnan(b):
        return a / b
    if a == 0 or math.isnan(a):
        return NAN
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


# -- functions ---------------------------------------------------------------------------------

def _call(node: Call, ctx: Context) -> Value:
    if node.name == "if":
        condition = to_bool(evaluate(node.args[0], ctx))
        return evaluate(node.args[1] if condition else node.args[2], ctx)
    if node.name == "coalesce":
        first = evaluate(node.args[0], ctx)
        return evaluate(node.args[1], ctx) if is_empty(first) else first
    if node.name == "today":
        return ctx.today
    args = [evaluate(arg, ctx) for arg in node.args]
    return _FUNCTIONS[node.name](*args)


def _selected(value: Value, choice: Value) -> bool:
    return to_string(choice).strip() in to_string(value).split()


def _substr(text: Value, start: Value, end: Value = None) -> str:
    s = to_string(text)
    first = to_number(start)
    last = float(len(s)) if end is None else to_number(end)
    if math.isnan(first) or math.isnan(last):
        return ""
    first, last = (min(max(v, 0.0), float(len(s))) for v in (first, last))
    return s[int(first):int(last)]


def _round(value: Value, digits: Value = 0.0) -> float:
    number, places = to_number(value), to_number(digits)
    if not math.isfinite(number) or not math.isfinite(places):
        return number
    try:
        quantum = Decimal(1).scaleb(-int(places))
        return float(Decimal(repr(number)).quantize(quantum, rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return number


def _int(value: Value) -> float:
    number = to_number(value)
    return float(math.trunc(number)) if math.isfinite(number) else NAN


def _date(value: Value) -> Value:
    day = to_date(value)
    return day if day is not None else ""


def _decimal_date_time(value: Value) -> float:
    day = to_date(value)
    return float((day - EPOCH).days) if day is not None else NAN


def _numbers(args: tuple[Value, ...]) -> list[float]:
    values = [to_number(v) for arg in args for v in items_of(arg) if not is_empty(v)]
    return [v for v in values if not math.isnan(v)]


def _sum(value: Value) -> float:
    return float(math.fsum(_numbers((value,))))


def _count(value: Value) -> float:
    if isinstance(value, NodeSet):
        return float(len(value))
    return 0.0 if is_empty(value) else 1.0


def _min(*args: Value) -> float:
    numbers = _numbers(args)
    return min(numbers) if numbers else NAN


def _max(*args: Value) -> float:
    numbers = _numbers(args)
    return max(numbers) if numbers else NAN


@lru_cache(maxsize=256)
def compile_regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _regex(text: Value, pattern: Value) -> bool:
    compiled = compile_regex(to_string(pattern))
    return bool(compiled and compiled.search(to_string(text)))


def _concat(*args: Value) -> str:
    return "".join(to_string(v) for arg in args for v in items_of(arg))


_FUNCTIONS: dict[str, Callable[..., Value]] = {
    "not": lambda v: not to_bool(v),
    "true": lambda: True,
    "false": lambda: False,
    "selected": _selected,
    "count-selected": lambda v: float(len(to_string(v).split())),
    "date": _date,
    "decimal-date-time": _decimal_date_time,
    "string-length": lambda v: float(len(to_string(v))),
    "concat": _concat,
    "contains": lambda a, b: to_string(b) in to_string(a),
    "starts-with": lambda a, b: to_string(a).startswith(to_string(b)),
    "ends-with": lambda a, b: to_string(a).endswith(to_string(b)),
    "substr": _substr,
    "round": _round,
    "int": _int,
    "number": to_number,
    "string": to_string,
    "abs": lambda v: abs(to_number(v)),
    "min": _min,
    "max": _max,
    "sum": _sum,
    "count": _count,
    "regex": _regex,
}
