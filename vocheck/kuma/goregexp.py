"""Go's ``regexp.Compile`` syntax errors (RE2, Perl flags), as Kuma reports a bad ``filterRegex``.

Only the parse matters: Go refuses a pattern while parsing it, left to
right, and names the first problem with a code and the offending part of
the pattern. Patterns over ``MAX_JUDGED`` bytes are not judged: there Go
may also stop for nesting depth or program size, which this module does
not model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from vocheck.kuma.goregexp_classes import PERL_CLASSES, POSIX_CLASSES, is_unicode_table

MAX_JUDGED = 400

_INVALID_CHAR_RANGE = "invalid character class range"
_INVALID_ESCAPE = "invalid escape sequence"
_INVALID_NAMED_CAPTURE = "invalid named capture"
_INVALID_PERL_OP = "invalid or unsupported Perl syntax"
_INVALID_REPEAT_OP = "invalid nested repetition operator"
_INVALID_REPEAT_SIZE = "invalid repeat count"
_MISSING_BRACKET = "missing closing ]"
_MISSING_PAREN = "missing closing )"
_MISSING_REPEAT_ARGUMENT = "missing argument to repetition operator"
_TRAILING_BACKSLASH = "trailing backslash at end of expression"
_UNEXPECTED_PAREN = "unexpected )"

_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_OCTAL = "01234567"


class ParseError(Exception):
    """Go's ``*syntax.Error``: a code and the part of the pattern it concerns."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(f"error parsing regexp: {code}: `{expr}`")


@dataclass
class _Node:
    """A parse-tree node as far as repetition limits care: counted repeats and what they hold."""

    minimum: int = 0
    maximum: int = 0
    counted: bool = False
    children: list[_Node] = field(default_factory=list)


def _repeat_is_valid(node: _Node, limit: int) -> bool:
    """At most ``limit`` copies of the innermost thing, across nested ``{n,m}`` repeats."""
    if node.counted:
        count = node.maximum
        if count == 0:
            return True
        if count < 0:
            count = node.minimum
        if count > limit:
            return False
        if count > 0:
            limit //= count
    return all(_repeat_is_valid(child, limit) for child in node.children)


_PAREN = "("
_BAR = "|"
_Item = _Node | str


def _parse_int(text: str) -> tuple[int, str] | None:
    """A decimal count without leading zeros; -1 for one too big. None when there is none."""
    if not text or not "0" <= text[0] <= "9":
        return None
    if len(text) >= 2 and text[0] == "0" and "0" <= text[1] <= "9":
        return None
    end = 0
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    value = 0
    for digit in text[:end]:
        if value >= 100_000_000:
            value = -1
            break
        value = value * 10 + int(digit)
    return value, text[end:]


def _parse_repeat(text: str) -> tuple[int, int, str] | None:
    """``{n}``, ``{n,}`` or ``{n,m}`` at the start of ``text``: (min, max, rest); max -1 when open."""
    parsed = _parse_int(text[1:])
    if parsed is None:
        return None
    minimum, rest = parsed
    if rest == "":
        return None
    if rest[0] != ",":
        maximum = minimum
    else:
        rest = rest[1:]
        if rest == "":
            return None
        if rest[0] == "}":
            maximum = -1
        else:
            parsed = _parse_int(rest)
            if parsed is None:
                return None
            maximum, rest = parsed
            if maximum < 0:
                minimum = -1
    if rest == "" or rest[0] != "}":
        return None
    return minimum, maximum, rest[1:]


def _hex(character: str) -> int:
    return int(character, 16) if character and character in "0123456789abcdefABCDEF" else -1


def _parse_escape(text: str) -> tuple[int, str]:
    """One escaped character at the start of ``text``: its code point and the rest."""
    rest = text[1:]
    if rest == "":
        raise ParseError(_TRAILING_BACKSLASH, "")
    character, rest = rest[0], rest[1:]
    if character < "\x80" and character not in _ASCII_ALNUM:
        return ord(character), rest
    if character in "1234567" and rest and rest[0] in _OCTAL or character == "0":
        value = int(character)
        for _ in range(2):
            if not rest or rest[0] not in _OCTAL:
                break
            value = value * 8 + int(rest[0])
            rest = rest[1:]
        return value, rest
    if character == "x" and rest:
        following, rest = rest[0], rest[1:]
        if following == "{":
            digits = 0
            value = 0
            while True:
                if rest == "":
                    break
                following, rest = rest[0], rest[1:]
                if following == "}":
                    if digits:
                        return value, rest
                    break
                digit = _hex(following)
                if digit < 0:
                    break
                value = value * 16 + digit
                if value > 0x10FFFF:
                    break
                digits += 1
        else:
            high = _hex(following)
            low = _hex(rest[:1])
            rest = rest[1:]
            if high >= 0 and low >= 0:
                return high * 16 + low, rest
    elif character in "afnrtv":
        return ord("\a\f\n\r\t\v"["afnrtv".index(character)]), rest
    raise ParseError(_INVALID_ESCAPE, text[: len(text) - len(rest)])


def _unicode_class(text: str) -> str | None:
    """The rest after a ``\\p`` / ``\\P`` class at the start of ``text``; None when there is none."""
    if len(text) < 2 or text[0] != "\\" or text[1] not in "pP":
        return None
    rest = text[2:]
    if rest[:1] != "{":
        # A one-letter name (or none at all at the end of the pattern).
        rest = rest[1:]
        sequence = text[: len(text) - len(rest)]
        name = sequence[2:]
    else:
        end = text.find("}")
        if end < 0:
            raise ParseError(_INVALID_CHAR_RANGE, text)
        sequence, rest = text[: end + 1], text[end + 1 :]
        name = text[3:end]
    if name.startswith("^"):
        name = name[1:]
    if not is_unicode_table(name):
        raise ParseError(_INVALID_CHAR_RANGE, sequence)
    return rest


def _class_char(text: str, whole: str) -> tuple[int, str]:
    if text == "":
        raise ParseError(_MISSING_BRACKET, whole)
    if text[0] == "\\":
        return _parse_escape(text)
    return ord(text[0]), text[1:]


def _parse_class(text: str) -> str:
    """A bracketed class at the start of ``text``; returns the rest."""
    rest = text[1:]
    if rest[:1] == "^":
        rest = rest[1:]
    first = True
    while rest == "" or rest[0] != "]" or first:
        first = False
        if len(rest) > 2 and rest[:2] == "[:":
            end = rest.find(":]", 2)
            if end >= 0:
                name = rest[: end + 2]
                if name not in POSIX_CLASSES:
                    raise ParseError(_INVALID_CHAR_RANGE, name)
                rest = rest[end + 2 :]
                continue
        after_unicode = _unicode_class(rest)
        if after_unicode is not None:
            rest = after_unicode
            continue
        if rest[:2] in PERL_CLASSES:
            rest = rest[2:]
            continue
        start = rest
        low, rest = _class_char(rest, text)
        if len(rest) >= 2 and rest[0] == "-" and rest[1] != "]":
            high, rest = _class_char(rest[1:], text)
            if high < low:
                raise ParseError(_INVALID_CHAR_RANGE, start[: len(start) - len(rest)])
    return rest[1:]


def _perl_flags(text: str) -> tuple[str, bool]:
    """A ``(?`` group at the start of ``text``: the rest, and whether it opens a group."""
    if (len(text) > 4 and text[2] == "P" and text[3] == "<") or (len(text) > 3 and text[2] == "<"):
        start = 4 if text[2] == "P" else 3
        end = text.find(">")
        if end < 0:
            raise ParseError(_INVALID_NAMED_CAPTURE, text)
        name = text[start:end]
        if name == "" or any(character != "_" and character not in _ASCII_ALNUM for character in name):
            raise ParseError(_INVALID_NAMED_CAPTURE, text[: end + 1])
        return text[end + 1 :], True
    rest = text[2:]
    negated = False
    saw_flag = False
    while rest:
        character, rest = rest[0], rest[1:]
        if character in "imsU":
            saw_flag = True
        elif character == "-":
            if negated:
                break
            negated = True
            saw_flag = False
        elif character in ":)":
            if negated and not saw_flag:
                break
            return rest, character == ":"
        else:
            break
    raise ParseError(_INVALID_PERL_OP, text[: len(text) - len(rest)])


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.stack: list[_Item] = []

    def push(self) -> None:
        self.stack.append(_Node())

    def repeat(self, minimum: int, maximum: int, counted: bool, before: str, after: str, last: str) -> str:
        if after[:1] == "?":
            after = after[1:]
        if last:
            raise ParseError(_INVALID_REPEAT_OP, last[: len(last) - len(after)])
        operator = before[: len(before) - len(after)]
        if not self.stack or isinstance(self.stack[-1], str):
            raise ParseError(_MISSING_REPEAT_ARGUMENT, operator)
        node = _Node(minimum, maximum, counted, [self.stack[-1]])
        self.stack[-1] = node
        if counted and (minimum >= 2 or maximum >= 2) and not _repeat_is_valid(node, 1000):
            raise ParseError(_INVALID_REPEAT_SIZE, operator)
        return after

    def close(self) -> None:
        children: list[_Node] = []
        while self.stack and self.stack[-1] != _PAREN:
            item = self.stack.pop()
            if isinstance(item, _Node):
                children.append(item)
        if not self.stack:
            raise ParseError(_UNEXPECTED_PAREN, self.pattern)
        self.stack[-1] = _Node(children=children)

    def parse(self) -> None:
        rest = self.pattern
        last = ""
        while rest:
            repeat = ""
            character = rest[0]
            if character == "(":
                if rest[1:2] == "?":
                    rest, opens = _perl_flags(rest)
                    if opens:
                        self.stack.append(_PAREN)
                else:
                    self.stack.append(_PAREN)
                    rest = rest[1:]
            elif character == "|":
                self.stack.append(_BAR)
                rest = rest[1:]
            elif character == ")":
                self.close()
                rest = rest[1:]
            elif character == "[":
                rest = _parse_class(rest)
                self.push()
            elif character in "*+?":
                before = rest
                rest = self.repeat(0, 0, False, before, rest[1:], last)
                repeat = before
            elif character == "{":
                parsed = _parse_repeat(rest)
                if parsed is None:
                    self.push()
                    rest = rest[1:]
                else:
                    minimum, maximum, after = parsed
                    before = rest
                    if minimum < 0 or minimum > 1000 or maximum > 1000 or 0 <= maximum < minimum:
                        raise ParseError(_INVALID_REPEAT_SIZE, before[: len(before) - len(after)])
                    rest = self.repeat(minimum, maximum, True, before, after, last)
                    repeat = before
            elif character == "\\":
                rest = self.escape(rest)
            else:
                self.push()
                rest = rest[1:]
            last = repeat
        if _PAREN in self.stack:
            raise ParseError(_MISSING_PAREN, self.pattern)

    def escape(self, text: str) -> str:
        if len(text) >= 2:
            if text[1] in "AbBz":
                self.push()
                return text[2:]
            if text[1] == "C":
                raise ParseError(_INVALID_ESCAPE, text[:2])
            if text[1] == "Q":
                literal, _, rest = text[2:].partition("\\E")
                for _ in literal:
                    self.push()
                return rest
        after_unicode = _unicode_class(text)
        if after_unicode is not None:
            self.push()
            return after_unicode
        if text[:2] in PERL_CLASSES:
            self.push()
            return text[2:]
        _, rest = _parse_escape(text)
        self.push()
        return rest


def regexp_error(pattern: str) -> str | None:
    """Go's ``regexp.Compile(pattern)`` error text, or None when it parses (or is too long to judge)."""
    # Go reads the pattern from JSON, where a lone surrogate became U+FFFD.
    text = "".join("\ufffd" if "\ud800" <= character <= "\udfff" else character for character in pattern)
    if len(text.encode("utf-8")) > MAX_JUDGED:
        return None
    try:
        _Parser(text).parse()
    except ParseError as error:
        return str(error)
    return None
