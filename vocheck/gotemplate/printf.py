"""Go's ``fmt.Sprint``, ``Sprintln`` and ``Sprintf``: the format walk with flags, widths and indexes."""

from __future__ import annotations

from collections.abc import Sequence

from vocheck.golang.gobytes import is_escaped_byte

from .fmt import MAX_WIDTH, Printer
from .values import Value, type_name


class _Cursor:
    def __init__(self, text: str, count: int) -> None:
        self.text = text
        self.end = len(text)
        self.count = count
        self.arg = 0
        self.index = 0
        self.after_index = False


def _arg_number(printer: Printer, cursor: _Cursor) -> None:
    text, index = cursor.text, cursor.index
    if index >= cursor.end or text[index] != "[":
        cursor.after_index = False
        return
    printer.reordered = True
    position, width, ok = _parse_arg_number(text[index:])
    cursor.index = index + width
    if ok and 0 <= position < cursor.count:
        cursor.arg = position
        cursor.after_index = True
        return
    printer.good_argument_index = False
    cursor.after_index = ok


_FLAGS = {"#": "sharp", "0": "zero", "+": "plus", "-": "minus", " ": "space"}


def _prepare_v(printer: Printer) -> None:
    printer.sharp_v = printer.sharp
    printer.sharp = False
    printer.plus_v = printer.plus
    printer.plus = False


def _flags(printer: Printer, cursor: _Cursor, args: Sequence[Value]) -> bool:
    """Read flags; True when a simple verb was printed straight away."""
    text = cursor.text
    while cursor.index < cursor.end:
        char = text[cursor.index]
        flag = _FLAGS.get(char)
        if flag is not None:
            setattr(printer, flag, True)
            cursor.index += 1
            continue
        if "a" <= char <= "z" and cursor.arg < len(args):
            if char in "vw":
                _prepare_v(printer)
            printer.print_arg(args[cursor.arg], char)
            cursor.arg += 1
            cursor.index += 1
            return True
        break
    return False


def _width(printer: Printer, cursor: _Cursor, args: Sequence[Value]) -> None:
    if cursor.index < cursor.end and cursor.text[cursor.index] == "*":
        cursor.index += 1
        printer.width, printer.width_present, cursor.arg = _int_from_arg(args, cursor.arg)
        if not printer.width_present:
            printer.parts.append("%!(BADWIDTH)")
        if printer.width < 0:
            printer.width = -printer.width
            printer.minus = True
            printer.zero = False
        cursor.after_index = False
        return
    printer.width, printer.width_present, cursor.index = _parse_number(cursor.text, cursor.index, cursor.end)
    if cursor.after_index and printer.width_present:
        printer.good_argument_index = False


def _precision(printer: Printer, cursor: _Cursor, args: Sequence[Value]) -> None:
    if not (cursor.index + 1 < cursor.end and cursor.text[cursor.index] == "."):
        return
    cursor.index += 1
    if cursor.after_index:
        printer.good_argument_index = False
    _arg_number(printer, cursor)
    if cursor.index < cursor.end and cursor.text[cursor.index] == "*":
        cursor.index += 1
        printer.precision, printer.precision_present, cursor.arg = _int_from_arg(args, cursor.arg)
        if printer.precision < 0:
            printer.precision = 0
            printer.precision_present = False
        if not printer.precision_present:
            printer.parts.append("%!(BADPREC)")
        cursor.after_index = False
        return
    printer.precision, printer.precision_present, cursor.index = _parse_number(cursor.text, cursor.index, cursor.end)
    if not printer.precision_present:
        printer.precision = 0
        printer.precision_present = True


def _verb(printer: Printer, cursor: _Cursor, args: Sequence[Value]) -> None:
    char = cursor.text[cursor.index]
    cursor.index += 1
    verb = verb_char(char)
    if verb == "%":
        printer.parts.append("%")
    elif not printer.good_argument_index:
        printer.parts.append("%!" + verb + "(BADINDEX)")
    elif cursor.arg >= len(args):
        printer.parts.append("%!" + verb + "(MISSING)")
    else:
        if verb in "vw":
            _prepare_v(printer)
        printer.print_arg(args[cursor.arg], verb)
        cursor.arg += 1


def run_printf(printer: Printer, text: str, args: Sequence[Value]) -> None:
    cursor = _Cursor(text, len(args))
    printer.reordered = False
    while cursor.index < cursor.end:
        printer.good_argument_index = True
        start = cursor.index
        found = text.find("%", start)
        cursor.index = cursor.end if found < 0 else found
        if cursor.index > start:
            printer.parts.append(text[start : cursor.index])
        if cursor.index >= cursor.end:
            break
        cursor.index += 1
        printer.clear_flags()
        if _flags(printer, cursor, args):
            continue
        _arg_number(printer, cursor)
        _width(printer, cursor, args)
        _precision(printer, cursor, args)
        if not cursor.after_index:
            _arg_number(printer, cursor)
        if cursor.index >= cursor.end:
            printer.parts.append("%!(NOVERB)")
            break
        _verb(printer, cursor, args)
    if not printer.reordered and cursor.arg < len(args):
        printer.clear_flags()
        printer.parts.append("%!(EXTRA ")
        for position, value in enumerate(args[cursor.arg :]):
            if position:
                printer.parts.append(", ")
            if value is None:
                printer.parts.append("<nil>")
            else:
                printer.parts.append(type_name(value) + "=")
                printer.print_arg(value, "v")
        printer.parts.append(")")


def _int_from_arg(args: Sequence[Value], index: int) -> tuple[int, bool, int]:
    """A ``*`` width or precision: (number, usable, next argument index)."""
    if index >= len(args):
        return 0, False, index
    value = args[index]
    number, ok = 0, False
    if isinstance(value, int) and not isinstance(value, bool):
        number, ok = int(value), True
    if number > MAX_WIDTH or number < -MAX_WIDTH:
        number, ok = 0, False
    return number, ok, index + 1


def _parse_number(text: str, start: int, end: int) -> tuple[int, bool, int]:
    """Digits at ``start``: (number, found, index after); an absurd number consumes the rest."""
    if start >= end:
        return 0, False, end
    number, found, index = 0, False, start
    while index < end and "0" <= text[index] <= "9":
        if number > MAX_WIDTH:
            return 0, False, end
        number = number * 10 + ord(text[index]) - 48
        found = True
        index += 1
    return number, found, index


def _parse_arg_number(text: str) -> tuple[int, int, bool]:
    """``[n]`` at the start of ``text``: (zero-based index, length consumed, well formed)."""
    if len(text) < 3:
        return 0, 1, False
    for index in range(1, len(text)):
        if text[index] == "]":
            width, ok, after = _parse_number(text, 1, index)
            if not ok or after != index:
                return 0, index + 1, False
            return width - 1, index + 1, True
    return 0, 1, False


def sprint(args: Sequence[Value]) -> str:
    """``fmt.Sprint``: a space between operands when neither is a string."""
    printer = Printer()
    previous_string = False
    for index, value in enumerate(args):
        is_string = isinstance(value, str)
        if index > 0 and not is_string and not previous_string:
            printer.parts.append(" ")
        printer.print_arg(value, "v")
        previous_string = is_string
    return printer.text()


def sprintln(args: Sequence[Value]) -> str:
    """``fmt.Sprintln``."""
    printer = Printer()
    for index, value in enumerate(args):
        if index > 0:
            printer.parts.append(" ")
        printer.print_arg(value, "v")
    printer.parts.append("\n")
    return printer.text()


def sprintf(format_text: str, args: Sequence[Value]) -> str:
    """``fmt.Sprintf``."""
    printer = Printer()
    run_printf(printer, format_text, args)
    return printer.text()


def verb_char(char: str) -> str:
    """The verb as Go decodes it: a stray byte is ``utf8.RuneError``."""
    return "\ufffd" if is_escaped_byte(char) else char

