"""Token kinds and tokens of Go's template lexer, and how parse errors print them."""

from __future__ import annotations

import enum

from vocheck._perf.records import record
from vocheck.golang.quote import is_print, quote
from vocheck.golang.runes import is_digit, is_letter


class Kind(enum.IntEnum):
    ERROR = 0
    BOOL = 1
    CHAR = 2
    CHAR_CONSTANT = 3
    COMMENT = 4
    COMPLEX = 5
    ASSIGN = 6
    DECLARE = 7
    EOF = 8
    FIELD = 9
    IDENTIFIER = 10
    LEFT_DELIM = 11
    LEFT_PAREN = 12
    NUMBER = 13
    PIPE = 14
    RAW_STRING = 15
    RIGHT_DELIM = 16
    RIGHT_PAREN = 17
    SPACE = 18
    STRING = 19
    TEXT = 20
    VARIABLE = 21
    KEYWORD = 22  # kinds above this one print as <word> in messages
    BLOCK = 23
    BREAK = 24
    CONTINUE = 25
    DOT = 26
    DEFINE = 27
    ELSE = 28
    END = 29
    IF = 30
    NIL = 31
    RANGE = 32
    TEMPLATE = 33
    WITH = 34


KEYWORDS = {
    ".": Kind.DOT,
    "block": Kind.BLOCK,
    "break": Kind.BREAK,
    "continue": Kind.CONTINUE,
    "define": Kind.DEFINE,
    "else": Kind.ELSE,
    "end": Kind.END,
    "if": Kind.IF,
    "range": Kind.RANGE,
    "nil": Kind.NIL,
    "template": Kind.TEMPLATE,
    "with": Kind.WITH,
}

LEFT_DELIM = "{{"
RIGHT_DELIM = "}}"
SPACES = " \t\r\n"
TERMINATORS = " \t\r\n.,|:)("


@record
class Token:
    kind: Kind
    pos: int  # byte offset in the source, as Go's Pos
    value: str
    line: int

    def describe(self) -> str:
        """The token as Go's ``item.String`` prints it in parse errors."""
        if self.kind == Kind.EOF:
            return "EOF"
        if self.kind == Kind.ERROR:
            return self.value
        if self.kind > Kind.KEYWORD:
            return f"<{self.value}>"
        if len(self.value.encode("utf-8", "surrogatepass")) > 10:
            return quote(self.value[:10]) + "..."
        return quote(self.value)


def is_alphanumeric(char: str) -> bool:
    """Go's ``isAlphaNumeric``: ``_``, a letter or a digit, by Go's Unicode tables."""
    if char < "\x80":
        return char == "_" or char.isalnum()
    code = ord(char)
    return is_letter(code) or is_digit(code)


def describe_rune(char: str) -> str:
    """Go's ``%#U``: U+0041 'A'."""
    code = ord(char)
    text = f"U+{code:04X}"
    if is_print(code):
        text += f" '{char}'"
    return text
