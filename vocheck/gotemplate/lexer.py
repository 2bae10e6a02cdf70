"""Split template text into Go ``text/template`` tokens, with Go's positions and lines."""

from __future__ import annotations

from vocheck.golang.quote import quote

from .tokens import (
    KEYWORDS, LEFT_DELIM, RIGHT_DELIM, SPACES, TERMINATORS, Kind, Token, describe_rune, is_alphanumeric,
)


class _Failure(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Lexer:
    """Go's lexer state machine, run eagerly: the whole token list up to EOF or an error."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        self.start = 0
        self.pos = 0
        self.paren_depth = 0
        self.tokens: list[Token] = []
        self._byte_offsets: list[int] | None = None
        if not text.isascii():
            offsets = [0]
            total = 0
            for char in text:
                total += len(char.encode("utf-8", "surrogatepass"))
                offsets.append(total)
            self._byte_offsets = offsets
        self._line_pos = 0
        self._line = 1

    def byte_offset(self, index: int) -> int:
        return index if self._byte_offsets is None else self._byte_offsets[index]

    def _line_at(self, index: int) -> int:
        if index >= self._line_pos:
            self._line += self.text.count("\n", self._line_pos, index)
        else:
            self._line -= self.text.count("\n", index, self._line_pos)
        self._line_pos = index
        return self._line

    def _emit(self, kind: Kind, start: int, end: int) -> None:
        token = Token(kind, self.byte_offset(start), self.text[start:end], self._line_at(start))
        self.tokens.append(token)

    def run(self) -> list[Token]:
        try:
            inside = False
            while True:
                if inside:
                    inside = self._lex_inside_action()
                else:
                    done, inside = self._lex_text()
                    if done:
                        break
        except _Failure as failure:
            line = self._line_at(self.start)
            self.tokens.append(Token(Kind.ERROR, self.byte_offset(self.start), failure.message, line))
        return self.tokens

    # -- text and delimiters -------------------------------------------------

    def _lex_text(self) -> tuple[bool, bool]:
        found = self.text.find(LEFT_DELIM, self.pos)
        if found < 0:
            if self.length > self.start:
                self._emit(Kind.TEXT, self.start, self.length)
            self.start = self.pos = self.length
            self._emit(Kind.EOF, self.length, self.length)
            return True, False
        end = found
        if self._has_left_trim(found + len(LEFT_DELIM)):
            end = len(self.text[self.start : found].rstrip(SPACES)) + self.start
        if end > self.start:
            self._emit(Kind.TEXT, self.start, end)
        self.start = self.pos = found
        return False, self._lex_left_delim()

    def _has_left_trim(self, index: int) -> bool:
        return self.text.startswith("-", index) and index + 1 < self.length and self.text[index + 1] in SPACES

    def _has_right_trim(self, index: int) -> bool:
        return index + 1 < self.length and self.text[index] in SPACES and self.text[index + 1] == "-"

    def _at_right_delim(self) -> tuple[bool, bool]:
        if self._has_right_trim(self.pos) and self.text.startswith(RIGHT_DELIM, self.pos + 2):
            return True, True
        return self.text.startswith(RIGHT_DELIM, self.pos), False

    def _lex_left_delim(self) -> bool:
        self.pos += len(LEFT_DELIM)
        after_marker = 2 if self._has_left_trim(self.pos) else 0
        if self.text.startswith("/*", self.pos + after_marker):
            self.pos += after_marker
            self.start = self.pos
            self._lex_comment()
            return False
        self._emit(Kind.LEFT_DELIM, self.start, self.pos)
        self.pos += after_marker
        self.start = self.pos
        self.paren_depth = 0
        return True

    def _lex_comment(self) -> None:
        self.pos += 2
        found = self.text.find("*/", self.pos)
        if found < 0:
            raise _Failure("unclosed comment")
        self.pos = found + 2
        delim, trim = self._at_right_delim()
        if not delim:
            raise _Failure("comment ends before closing delimiter")
        if trim:
            self.pos += 2
        self.pos += len(RIGHT_DELIM)
        if trim:
            self.pos = self._skip_spaces(self.pos)
        self.start = self.pos

    def _skip_spaces(self, index: int) -> int:
        while index < self.length and self.text[index] in SPACES:
            index += 1
        return index

    def _lex_right_delim(self, trim: bool) -> None:
        if trim:
            self.pos += 2
            self.start = self.pos
        self.pos += len(RIGHT_DELIM)
        self._emit(Kind.RIGHT_DELIM, self.start, self.pos)
        if trim:
            self.pos = self._skip_spaces(self.pos)
        self.start = self.pos

    # -- inside an action ----------------------------------------------------

    def _lex_inside_action(self) -> bool:
        delim, trim = self._at_right_delim()
        if delim:
            if self.paren_depth == 0:
                self._lex_right_delim(trim)
                return False
            raise _Failure("unclosed left paren")
        if self.pos >= self.length:
            raise _Failure("unclosed action")
        char = self.text[self.pos]
        self.pos += 1
        if char in SPACES:
            self.pos -= 1
            return self._lex_space()
        simple = {"=": Kind.ASSIGN, "|": Kind.PIPE}.get(char)
        if simple is not None:
            self._emit_here(simple)
        elif char == ":":
            if self.pos >= self.length or self.text[self.pos] != "=":
                if self.pos < self.length:
                    self.pos += 1
                raise _Failure("expected :=")
            self.pos += 1
            self._emit_here(Kind.DECLARE)
        elif char == '"':
            self._lex_quote('"', Kind.STRING, "unterminated quoted string")
        elif char == "`":
            self._lex_raw_quote()
        elif char == "$":
            self._lex_variable()
        elif char == "'":
            self._lex_quote("'", Kind.CHAR_CONSTANT, "unterminated character constant")
        elif char == "." and self.pos < self.length and not "0" <= self.text[self.pos] <= "9":
            self._lex_field_or_variable(Kind.FIELD)
        elif char in "+-.0123456789":
            self.pos -= 1
            self._lex_number()
        elif is_alphanumeric(char):
            self.pos -= 1
            self._lex_identifier()
        elif char == "(":
            self.paren_depth += 1
            self._emit_here(Kind.LEFT_PAREN)
        elif char == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                raise _Failure("unexpected right paren")
            self._emit_here(Kind.RIGHT_PAREN)
        elif ord(char) < 0x80 and 0x20 <= ord(char) < 0x7F:
            self._emit_here(Kind.CHAR)
        else:
            raise _Failure(f"unrecognized character in action: {describe_rune(char)}")
        return True

    def _emit_here(self, kind: Kind) -> None:
        self._emit(kind, self.start, self.pos)
        self.start = self.pos

    def _lex_space(self) -> bool:
        end = self._skip_spaces(self.pos)
        count = end - self.pos
        self.pos = end
        if self._has_right_trim(end - 1) and self.text.startswith(RIGHT_DELIM, end + 1):
            self.pos = end - 1
            if count == 1:
                self._lex_right_delim(True)
                return False
        self._emit_here(Kind.SPACE)
        return True

    def _at_terminator(self) -> bool:
        if self.pos >= self.length:
            return True
        return self.text[self.pos] in TERMINATORS or self.text.startswith(RIGHT_DELIM, self.pos)

    def _scan_alphanumeric(self) -> None:
        while self.pos < self.length and is_alphanumeric(self.text[self.pos]):
            self.pos += 1

    def _bad_character(self) -> _Failure:
        return _Failure(f"bad character {describe_rune(self.text[self.pos])}")

    def _lex_identifier(self) -> None:
        self._scan_alphanumeric()
        if not self._at_terminator():
            raise self._bad_character()
        word = self.text[self.start : self.pos]
        keyword = KEYWORDS.get(word)
        if keyword is not None:
            self._emit_here(keyword)
        elif word in ("true", "false"):
            self._emit_here(Kind.BOOL)
        else:
            self._emit_here(Kind.IDENTIFIER)

    def _lex_variable(self) -> None:
        if self._at_terminator():
            self._emit_here(Kind.VARIABLE)
            return
        self._lex_field_or_variable(Kind.VARIABLE)

    def _lex_field_or_variable(self, kind: Kind) -> None:
        if self._at_terminator():
            self._emit_here(Kind.VARIABLE if kind == Kind.VARIABLE else Kind.DOT)
            return
        self._scan_alphanumeric()
        if not self._at_terminator():
            raise self._bad_character()
        self._emit_here(kind)

    def _lex_quote(self, closing: str, kind: Kind, message: str) -> None:
        while True:
            if self.pos >= self.length:
                raise _Failure(message)
            char = self.text[self.pos]
            self.pos += 1
            if char == "\\":
                if self.pos >= self.length or self.text[self.pos] == "\n":
                    if self.pos < self.length:
                        self.pos += 1
                    raise _Failure(message)
                self.pos += 1
            elif char == "\n":
                raise _Failure(message)
            elif char == closing:
                break
        self._emit_here(kind)

    def _lex_raw_quote(self) -> None:
        found = self.text.find("`", self.pos)
        if found < 0:
            self.pos = self.length
            raise _Failure("unterminated raw quoted string")
        self.pos = found + 1
        self._emit_here(Kind.RAW_STRING)

    def _lex_number(self) -> None:
        if not self._scan_number():
            raise _Failure(f"bad number syntax: {quote(self.text[self.start : self.pos])}")
        if self.pos < self.length and self.text[self.pos] in "+-":
            if not self._scan_number() or self.text[self.pos - 1] != "i":
                raise _Failure(f"bad number syntax: {quote(self.text[self.start : self.pos])}")
            self._emit_here(Kind.COMPLEX)
            return
        self._emit_here(Kind.NUMBER)

    def _accept(self, valid: str) -> bool:
        if self.pos < self.length and self.text[self.pos] in valid:
            self.pos += 1
            return True
        return False

    def _accept_run(self, valid: str) -> None:
        while self.pos < self.length and self.text[self.pos] in valid:
            self.pos += 1

    def _scan_number(self) -> bool:
        self._accept("+-")
        digits = "0123456789_"
        if self._accept("0"):
            if self._accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self._accept("oO"):
                digits = "01234567_"
            elif self._accept("bB"):
                digits = "01_"
        self._accept_run(digits)
        if self._accept("."):
            self._accept_run(digits)
        if len(digits) == 11 and self._accept("eE"):
            self._accept("+-")
            self._accept_run("0123456789_")
        if len(digits) == 23 and self._accept("pP"):
            self._accept("+-")
            self._accept_run("0123456789_")
        self._accept("i")
        if self.pos < self.length and is_alphanumeric(self.text[self.pos]):
            self.pos += 1
            return False
        return True


def tokenize(text: str) -> list[Token]:
    return Lexer(text).run()
