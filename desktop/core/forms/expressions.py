"""XLSForm expressions: a tokenizer and a recursive-descent parser to a small AST.

The grammar is the part of XPath that XLSForm authors use, lowest precedence first::

    or_expr   := and_expr ('or' and_expr)*
    and_expr  := eq_expr ('and' eq_expr)*
    eq_expr   := rel_expr (('=' | '!=') rel_expr)*
    rel_expr  := add_expr (('<' | '<=' | '>' | '>=') add_expr)*
    add_expr  := mul_expr (('+' | '-') mul_expr)*
    mul_expr  := unary (('*' | 'div' | 'mod') unary)*
    unary     := '-' unary | primary
    primary   := number | string | '${' name '}' | '.' | function '(' args ')'
               | '(' or_expr ')' | column          (column: choice filters only)

Nothing here executes code: the AST is walked by :mod:`desktop.core.forms.evaluate`, which only
knows the node classes below and the functions in :data:`FUNCTIONS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# name -> (minimum, maximum) number of arguments; None: any number.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "if": (3, 3),
    "not": (1, 1),
    "true": (0, 0),
    "false": (0, 0),
    "selected": (2, 2),
    "count-selected": (1, 1),
    "today": (0, 0),
    "date": (1, 1),
    "decimal-date-time": (1, 1),
    "string-length": (1, 1),
    "concat": (1, None),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "ends-with": (2, 2),
    "substr": (2, 3),
    "coalesce": (2, 2),
    "round": (1, 2),
    "int": (1, 1),
    "number": (1, 1),
    "string": (1, 1),
    "abs": (1, 1),
    "min": (1, None),
    "max": (1, None),
    "sum": (1, 1),
    "count": (1, 1),
    "regex": (2, 2),
}

KEYWORD_OPERATORS = ("and", "or", "div", "mod")
MAX_LENGTH = 4000
MAX_DEPTH = 60

IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_NAME = re.compile(rf"{IDENTIFIER}(?:-{IDENTIFIER})*")
_NUMBER = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_REF = re.compile(r"\$\{([^}]*)\}")
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_SYMBOLS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "(", ")", ",")
_HINTS = {
    "/": "'/' is not supported: divide with 'div', refer to fields with ${name}",
    "[": "'[' is not supported: XPath predicates are not part of form expressions",
    "@": "'@' is not supported",
    "|": "'|' is not supported",
}


class ExpressionError(ValueError):
    """A malformed expression; ``position`` is the 1-based character where it went wrong."""

    def __init__(self, message: str, position: int) -> None:
        self.message = message
        self.position = position
        super().__init__(f"{message} at character {position}")


# -- tokens ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Token:
    kind: str  # num, str, ref, dot, name, op, end
    text: str
    pos: int  # 0-based index into the source


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens; anything outside the grammar is an ExpressionError."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters", 1)
    tokens: list[Token] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch.isspace():
            i += 1
            continue
        token = _next_token(source, i)
        tokens.append(token)
        i += len(token.text)
    tokens.append(Token("end", "", len(source)))
    return tokens


def _next_token(source: str, i: int) -> Token:
    ch = source[i]
    if ch == "$":
        return _ref_token(source, i)
    if ch.isdigit() or (ch == "." and source[i + 1:i + 2].isdigit()):
        match = _NUMBER.match(source, i)
        assert match is not None
        return Token("num", match.group(), i)
    if ch == ".":
        if source.startswith("..", i):
            raise ExpressionError("'..' is not supported: refer to fields with ${name}", i + 1)
        return Token("dot", ".", i)
    if ch in "'\"":
        end = source.find(ch, i + 1)
        if end < 0:
            raise ExpressionError("unterminated string", i + 1)
        return Token("str", source[i:end + 1], i)
    if ch.isalpha() or ch == "_":
        match = _NAME.match(source, i)
        assert match is not None
        return Token("name", match.group(), i)
    for symbol in _SYMBOLS:
        if source.startswith(symbol, i):
            return Token("op", symbol, i)
    raise ExpressionError(_HINTS.get(ch, f"unexpected character {ch!r}"), i + 1)


def _ref_token(source: str, i: int) -> Token:
    match = _REF.match(source, i)
    if match is None:
        if source.startswith("${", i):
            raise ExpressionError("'${' without a closing '}'", i + 1)
        raise ExpressionError("'$' must start a field reference ${name}", i + 1)
    name = match.group(1).strip()
    if not _FIELD_NAME.match(name):
        raise ExpressionError(f"{match.group()!r} is not a valid field reference", i + 1)
    return Token("ref", match.group(), i)


# -- syntax tree -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Node:
    pos: int  # 0-based


@dataclass(frozen=True)
class Literal(Node):
    value: float | str


@dataclass(frozen=True)
class Ref(Node):
    name: str


@dataclass(frozen=True)
class Current(Node):
    pass


@dataclass(frozen=True)
class Column(Node):
    """A bare name in a choice filter: a column of the choice being tested."""

    name: str


@dataclass(frozen=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Expression:
    """A parsed expression with what the loader needs to check it."""

    source: str
    tree: Node
    refs: frozenset[str] = field(default_factory=frozenset)
    columns: frozenset[str] = field(default_factory=frozenset)
    uses_current: bool = False

    def __str__(self) -> str:
        return self.source


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, parents before children."""
    yield node
    if isinstance(node, Negate):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)


def parse_expression(source: str, *, allow_columns: bool = False) -> Expression:
    """Parse ``source``; ``allow_columns`` lets bare names mean choice columns (choice_filter)."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("empty expression", 1)
    tree = _Parser(tokenize(source), allow_columns).parse()
    nodes = list(walk(tree))
    return Expression(
        source=source,
        tree=tree,
        refs=frozenset(n.name for n in nodes if isinstance(n, Ref)),
        columns=frozenset(n.name for n in nodes if isinstance(n, Column)),
        uses_current=any(isinstance(n, Current) for n in nodes),
    )


_LEVELS: tuple[tuple[str, ...], ...] = (
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
)


class _Parser:
    def __init__(self, tokens: list[Token], allow_columns: bool) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.allow_columns = allow_columns

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, message: str, token: Token | None = None) -> ExpressionError:
        return ExpressionError(message, (token or self.token).pos + 1)

    def parse(self) -> Node:
        node = self.binary(0)
        if self.token.kind != "end":
            raise self.fail(f"unexpected {_describe(self.token)}")
        return node

    def is_operator(self, ops: tuple[str, ...]) -> bool:
        token = self.token
        return token.kind in ("op", "name") and token.text in ops

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        ops = _LEVELS[level]
        left = self.binary(level + 1)
        while self.is_operator(ops):
            op = self.advance()
            right = self.binary(level + 1)
            left = Binary(op.pos, op.text, left, right)
        return left

    def unary(self) -> Node:
        if self.is_operator(("-",)):
            minus = self.advance()
            return Negate(minus.pos, self.nested(self.unary))
        return self.primary()

    def nested(self, rule: Callable[[], Node]) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("expression nested too deeply")
        try:
            return rule()
        finally:
            self.depth -= 1

    def primary(self) -> Node:
        token = self.token
        if token.kind == "num":
            self.advance()
            return Literal(token.pos, float(token.text))
        if token.kind == "str":
            self.advance()
            return Literal(token.pos, token.text[1:-1])
        if token.kind == "ref":
            self.advance()
            return Ref(token.pos, token.text[2:-1].strip())
        if token.kind == "dot":
            self.advance()
            return Current(token.pos)
        if token.kind == "op" and token.text == "(":
            self.advance()
            node = self.nested(lambda: self.binary(0))
            self.expect(")", token)
            return node
        if token.kind == "name":
            return self.name()
        raise self.fail(f"expected a value, found {_describe(token)}")

    def name(self) -> Node:
        token = self.advance()
        if self.token.kind == "op" and self.token.text == "(":
            return self.call(token)
        if token.text in KEYWORD_OPERATORS:
            raise self.fail(f"'{token.text}' needs a value before it", token)
        if self.allow_columns:
            return Column(token.pos, token.text)
        raise self.fail(f"bare name {token.text!r}: refer to a field as ${{{token.text}}}", token)

    def call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS:
            raise self.fail(f"unknown function {name.text!r}", name)
        opening = self.advance()
        args: list[Node] = []
        if not (self.token.kind == "op" and self.token.text == ")"):
            args.append(self.nested(lambda: self.binary(0)))
            while self.token.kind == "op" and self.token.text == ",":
                self.advance()
                args.append(self.nested(lambda: self.binary(0)))
        self.expect(")", opening)
        _check_arity(name, len(args))
        return Call(name.pos, name.text, tuple(args))

    def expect(self, text: str, opening: Token) -> None:
        if self.token.kind == "op" and self.token.text == text:
            self.advance()
            return
        if self.token.kind == "end":
            raise self.fail(f"'{opening.text}' at character {opening.pos + 1} is never closed")
        raise self.fail(f"expected '{text}', found {_describe(self.token)}")


def _check_arity(name: Token, count: int) -> None:
    low, high = FUNCTIONS[name.text]
    if count < low or (high is not None and count > high):
        if high is None:
            wanted = f"at least {low}"
        elif low == high:
            wanted = str(low)
        else:
            wanted = f"{low} to {high}"
        raise ExpressionError(f"{name.text}() takes {wanted} argument(s), not {count}",
                              name.pos + 1)


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the expression"
    return repr(token.text)
