"""The part of Go's ``fmt`` that ``print``, ``printf`` and ``println`` need."""

from __future__ import annotations

from collections.abc import Mapping

from vocheck.golang.ftoa import format_float
from vocheck.golang.gobytes import normalize, to_bytes
from vocheck.golang.quote import can_backquote, is_print, quote, quote_rune, quote_rune_to_ascii, quote_to_ascii

from .values import GoStruct, Uint8, Value, sorted_items, type_name

MAX_WIDTH = 1_000_000  # fmt's own bound on a width or precision taken from '*'
_MASK64 = (1 << 64) - 1


_BASE_FORMATS = {2: "b", 8: "o", 10: "d", 16: "x"}


class Printer:
    """One ``fmt.pp``: a buffer and the flags of the verb being formatted."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.clear_flags()
        self.reordered = False
        self.good_argument_index = True

    def clear_flags(self) -> None:
        self.width = 0
        self.precision = 0
        self.width_present = False
        self.precision_present = False
        self.minus = False
        self.plus = False
        self.sharp = False
        self.space = False
        self.zero = False
        self.plus_v = False
        self.sharp_v = False

    def text(self) -> str:
        return normalize("".join(self.parts))

    # -- padding ----------------------------------------------------------------

    def write_padding(self, count: int) -> None:
        if count > 0:
            self.parts.append(("0" if self.zero and not self.minus else " ") * count)

    def pad(self, text: str) -> None:
        if not self.width_present or self.width == 0:
            self.parts.append(text)
            return
        width = self.width - len(text)
        if not self.minus:
            self.write_padding(width)
            self.parts.append(text)
        else:
            self.parts.append(text)
            self.write_padding(width)

    def _pad_no_zero(self, text: str) -> None:
        old_zero = self.zero
        self.zero = False
        self.pad(text)
        self.zero = old_zero

    # -- basic kinds ------------------------------------------------------------

    def fmt_integer(self, value: int, base: int, verb: str, upper: bool = False) -> None:
        negative = value < 0
        magnitude = -value if negative else value
        precision = 0
        if self.precision_present:
            precision = self.precision
            if precision == 0 and magnitude == 0:
                old_zero = self.zero
                self.zero = False
                self.write_padding(self.width)
                self.zero = old_zero
                return
        elif self.zero and not self.minus and self.width_present:
            precision = self.width
            if negative or self.plus or self.space:
                precision -= 1
        digits = format(magnitude, "X" if upper else _BASE_FORMATS[base])
        if len(digits) < precision:
            digits = "0" * (precision - len(digits)) + digits
        if self.sharp:
            if base == 2:
                digits = "0b" + digits
            elif base == 8 and digits[0] != "0":
                digits = "0" + digits
            elif base == 16:
                digits = ("0X" if upper else "0x") + digits
        if verb == "O":
            digits = "0o" + digits
        if negative:
            digits = "-" + digits
        elif self.plus:
            digits = "+" + digits
        elif self.space:
            digits = " " + digits
        self._pad_no_zero(digits)

    def fmt_unicode(self, value: int) -> None:
        precision = self.precision if self.precision_present and self.precision > 4 else 4
        text = "U+" + format(value, "X").rjust(precision, "0")
        if self.sharp and value <= 0x10FFFF and is_print(value):
            text += " '" + chr(value) + "'"
        self._pad_no_zero(text)

    def fmt_char(self, value: int) -> None:
        if value > 0x10FFFF or value < 0 or 0xD800 <= value <= 0xDFFF:
            value = 0xFFFD
        self.pad(chr(value))

    def print_integer(self, value: int, verb: str) -> None:
        unsigned = isinstance(value, Uint8)
        as_unsigned = value & _MASK64
        if verb == "v":
            if self.sharp_v and unsigned:
                old_sharp = self.sharp
                self.sharp = True
                self.fmt_integer(value, 16, "v")
                self.sharp = old_sharp
            else:
                self.fmt_integer(value, 10, verb)
        elif verb == "d":
            self.fmt_integer(value, 10, verb)
        elif verb == "b":
            self.fmt_integer(value, 2, verb)
        elif verb in "oO":
            self.fmt_integer(value, 8, verb)
        elif verb in "xX":
            self.fmt_integer(value, 16, verb, upper=verb == "X")
        elif verb == "c":
            self.fmt_char(as_unsigned)
        elif verb == "q":
            rune = as_unsigned if as_unsigned <= 0x10FFFF else 0xFFFD
            self.pad(quote_rune_to_ascii(rune) if self.plus else quote_rune(rune))
        elif verb == "U":
            self.fmt_unicode(as_unsigned)
        else:
            self.bad_verb(verb, value)

    def fmt_boolean(self, value: bool, verb: str) -> None:
        if verb in "tv":
            self.pad("true" if value else "false")
        else:
            self.bad_verb(verb, value)

    def truncate(self, text: str) -> str:
        if self.precision_present and self.precision < len(text):
            return text[: self.precision]
        return text

    def fmt_string(self, value: str, verb: str) -> None:
        if verb == "v":
            if self.sharp_v:
                self.fmt_quoted(value)
            else:
                self.pad(self.truncate(value))
        elif verb == "s":
            self.pad(self.truncate(value))
        elif verb in "xX":
            self.fmt_hex_bytes(to_bytes(value), verb == "X")
        elif verb == "q":
            self.fmt_quoted(value)
        else:
            self.bad_verb(verb, value)

    def fmt_quoted(self, value: str) -> None:
        value = self.truncate(value)
        if self.sharp and can_backquote(value):
            self.pad("`" + value + "`")
        else:
            self.pad(quote_to_ascii(value) if self.plus else quote(value))

    def fmt_hex_bytes(self, data: bytes, upper: bool) -> None:
        length = len(data)
        if self.precision_present and self.precision < length:
            length = self.precision
        width = 2 * length
        if width > 0:
            if self.space:
                if self.sharp:
                    width *= 2
                width += length - 1
            elif self.sharp:
                width += 2
        else:
            if self.width_present:
                self.write_padding(self.width)
            return
        if self.width_present and self.width > width and not self.minus:
            self.write_padding(self.width - width)
        prefix = "0X" if upper else "0x"
        pieces = []
        for index in range(length):
            piece = format(data[index], "02X" if upper else "02x")
            if self.sharp and (self.space or index == 0):
                piece = prefix + piece
            pieces.append(piece)
        self.parts.append((" " if self.space else "").join(pieces))
        if self.width_present and self.width > width and self.minus:
            self.write_padding(self.width - width)

    # -- floats -----------------------------------------------------------------

    def print_float(self, value: float, verb: str) -> None:
        if verb == "v":
            self.fmt_float(value, "g", -1)
        elif verb in "bgGxX":
            self.fmt_float(value, verb, -1)
        elif verb in "feE":
            self.fmt_float(value, verb, 6)
        elif verb == "F":
            self.fmt_float(value, "f", 6)
        else:
            self.bad_verb(verb, value)

    def print_complex(self, value: complex, verb: str) -> None:
        if verb not in "vbgGxXfFeE":
            self.bad_verb(verb, value)
            return
        old_plus = self.plus
        self.parts.append("(")
        self.print_float(value.real, verb)
        self.plus = True
        self.print_float(value.imag, verb)
        self.parts.append("i)")
        self.plus = old_plus

    def fmt_float(self, value: float, verb: str, precision: int) -> None:
        if self.precision_present:
            precision = self.precision
        number = format_float(value, verb, precision)
        if number[0] not in "+-":
            number = "+" + number
        if self.space and number[0] == "+" and not self.plus:
            number = " " + number[1:]
        if number[1] in "IN":
            if number[1] == "N" and not self.space and not self.plus:
                number = number[1:]
            self._pad_no_zero(number)
            return
        if self.sharp and verb != "b":
            number = _sharp_float(number, verb, precision)
        if self.plus or number[0] != "+":
            if self.zero and not self.minus and self.width_present and self.width > len(number):
                self.parts.append(number[0])
                self.write_padding(self.width - len(number))
                self.parts.append(number[1:])
                return
            self.pad(number)
            return
        self.pad(number[1:])

    # -- composite and errors ---------------------------------------------------

    def bad_verb(self, verb: str, value: Value) -> None:
        self.parts.append("%!" + verb + "(")
        if value is None:
            self.parts.append("<nil>")
        else:
            self.parts.append(type_name(value) + "=")
            self.print_arg(value, "v")
        self.parts.append(")")

    def print_map(self, mapping: Mapping[str, str], verb: str) -> None:
        if self.sharp_v:
            self.parts.append("map[string]string{")
        else:
            self.parts.append("map[")
        for index, (key, item) in enumerate(sorted_items(mapping)):
            if index:
                self.parts.append(", " if self.sharp_v else " ")
            self.fmt_string(key, verb)
            self.parts.append(":")
            self.fmt_string(item, verb)
        self.parts.append("}" if self.sharp_v else "]")

    def print_struct(self, value: GoStruct, verb: str) -> None:
        # Go's printValue of a struct: {a b}, %+v names the fields, %#v writes Go syntax.
        self.parts.append(value.type + "{" if self.sharp_v else "{")
        for index, (name, item) in enumerate(value.fields):
            if index:
                self.parts.append(", " if self.sharp_v else " ")
            if self.plus_v or self.sharp_v:
                self.parts.append(name + ":")
            self.fmt_string(item, verb)
        self.parts.append("}")

    def print_arg(self, value: Value, verb: str) -> None:
        if value is None:
            if verb in "Tv":
                self.pad("<nil>")
            else:
                self.bad_verb(verb, None)
            return
        if verb == "T":
            self.pad(self.truncate(type_name(value)))
            return
        if verb == "p":
            if isinstance(value, Mapping):
                self._pointer()
            else:
                self.bad_verb(verb, value)
            return
        if verb == "w":
            # Sprintf never wraps errors, so %w is a bad verb for every operand.
            self.bad_verb(verb, value)
            return
        if isinstance(value, str):
            self.fmt_string(value, verb)
        elif isinstance(value, bool):
            self.fmt_boolean(value, verb)
        elif isinstance(value, int):
            self.print_integer(value, verb)
        elif isinstance(value, float):
            self.print_float(value, verb)
        elif isinstance(value, complex):
            self.print_complex(value, verb)
        elif isinstance(value, GoStruct):
            self.print_struct(value, verb)
        else:
            self.print_map(value, verb)

    def _pointer(self) -> None:
        # A map's address is not reproducible; print a stable stand-in.
        old_sharp = self.sharp
        self.sharp = not old_sharp
        self.fmt_integer(0xC000010000, 16, "p")
        self.sharp = old_sharp


def _sharp_float(number: str, verb: str, precision: int) -> str:
    digits = 0
    if verb in "vgGx":
        digits = 6 if precision == -1 else precision
    tail = ""
    body = number
    for index in range(1, len(number)):
        char = number[index]
        if char in "pP" or (char in "eE" and verb not in "xX"):
            tail, body = number[index:], number[:index]
            break
    has_point = "." in body
    seen_nonzero = False
    for char in body[1:]:
        if char == ".":
            continue
        if char != "0":
            seen_nonzero = True
        if seen_nonzero:
            digits -= 1
    if not has_point:
        if len(body) == 2 and body[1] == "0":
            digits -= 1
        body += "."
    if digits > 0:
        body += "0" * digits
    return body + tail
