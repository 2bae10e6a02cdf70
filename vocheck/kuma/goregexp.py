"""Whether Go's ``regexp.Compile`` accepts a pattern, and its error text when it does not.

Kuma compiles a Prometheus backend's ``envoy.filterRegex`` with Go's RE2
dialect and quotes the parse error. This walks the pattern the way Go's
``regexp/syntax`` parser (Perl flags, Go 1.25+ Unicode class names) does and
stops at the first error it would report. The size limits (``expression
too large``, ``expression nests too deeply``) are not modelled: they need
patterns of thousands of nested or repeated parts.
"""

from __future__ import annotations

MISSING_PAREN = "missing closing )"
UNEXPECTED_PAREN = "unexpected )"
MISSING_BRACKET = "missing closing ]"
INVALID_ESCAPE = "invalid escape sequence"
INVALID_CHAR_RANGE = "invalid character class range"
INVALID_NAMED_CAPTURE = "invalid named capture"
INVALID_PERL_OP = "invalid or unsupported Perl syntax"
INVALID_REPEAT_OP = "invalid nested repetition operator"
INVALID_REPEAT_SIZE = "invalid repeat count"
MISSING_REPEAT_ARGUMENT = "missing argument to repetition operator"
TRAILING_BACKSLASH = "trailing backslash at end of expression"

_POSIX_CLASSES = frozenset(
    f"[:{negate}{name}:]"
    for negate in ("", "^")
    for name in (
        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
        "lower", "print", "punct", "space", "upper", "word", "xdigit",
    )
)  # fmt: skip
_CATEGORIES = frozenset(
    "C Cc Cf Cn Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split()
)
_CATEGORY_ALIASES = (
    "Cased_Letter Close_Punctuation Combining_Mark Connector_Punctuation Control Currency_Symbol "
    "Dash_Punctuation Decimal_Number Enclosing_Mark Final_Punctuation Format Initial_Punctuation Letter "
    "Letter_Number Line_Separator Lowercase_Letter Mark Math_Symbol Modifier_Letter Modifier_Symbol "
    "Nonspacing_Mark Number Open_Punctuation Other Other_Letter Other_Number Other_Punctuation Other_Symbol "
    "Paragraph_Separator Private_Use Punctuation Separator Space_Separator Spacing_Mark Surrogate Symbol "
    "Titlecase_Letter Unassigned Uppercase_Letter cntrl digit punct"
).split()
# Go's unicode.Scripts (Unicode 15.0).
_SCRIPTS = (
    "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali "
    "Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma "
    "Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari "
    "Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic "
    "Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana "
    "Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada "
    "Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu "
    "Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen "
    "Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi "
    "Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu "
    "Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic "
    "Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong "
    "Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada "
    "Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog "
    "Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh "
    "Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square"
).split()


def _canonical(name: str) -> str:
    """Go's ``canonicalName``: no ``_``, ``-`` or space, first letter upper, the rest lower (ASCII)."""
    pieces = []
    first = True
    for character in name:
        if character in "_- ":
            continue
        if first:
            pieces.append(character.upper() if "a" <= character <= "z" else character)
            first = False
        else:
            pieces.append(character.lower() if "A" <= character <= "Z" else character)
    return "".join(pieces)


_UNICODE_NAMES = frozenset(
    {"Any", "Assigned", "Ascii", "Lc"}
    | _CATEGORIES
    | {_canonical(name) for name in _CATEGORY_ALIASES}
    | set(_SCRIPTS)
    | {_canonical(name) for name in _SCRIPTS}
)
_C_ESCAPES = frozenset("afnrtv")
_PERL_CLASSES = frozenset("dDsSwW")
_HEX = "0123456789abcdefABCDEF"


class RegexpError(Exception):
    """A parse error: Go's error code text and the part of the pattern it quotes."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(f"error parsing regexp: {code}: `{expr}`")


def compile_error(pattern: str) -> str | None:
    """Go's ``regexp.Compile(pattern)`` error text, or None when Go accepts it."""
    try:
        _Parser(pattern).parse()
    except RegexpError as error:
        return str(error)
    return None


def _is_alnum(character: str) -> bool:
    return "0" <= character <= "9" or "a" <= character <= "z" or "A" <= character <= "Z"


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.whole = pattern
        # What the top of Go's parse stack holds: "empty", "open" (a left
        # parenthesis), "bar" (a vertical bar) or "atom" (anything repeatable).
        self.top = "empty"
        self.tops: list[str] = []

    def parse(self) -> None:
        rest = self.whole
        last_repeat = ""
        while rest:
            repeat = ""
            head = rest[0]
            if head == "(":
                rest = self._group(rest)
            elif head == "|":
                self.top = "bar"
                rest = rest[1:]
            elif head == ")":
                if not self.tops:
                    raise RegexpError(UNEXPECTED_PAREN, self.whole)
                self.tops.pop()
                self.top = "atom"
                rest = rest[1:]
            elif head == "[":
                rest = self._class(rest)
                self.top = "atom"
            elif head in "*+?":
                after = self._repeat(rest, rest[1:], last_repeat)
                repeat, rest = rest, after
            elif head == "{":
                bounds = _repeat_bounds(rest)
                if bounds is None:
                    self.top = "atom"  # an unparsable "{" is a literal
                    rest = rest[1:]
                else:
                    low, high, after = bounds
                    if low < 0 or low > 1000 or high > 1000 or (high >= 0 and low > high):
                        raise RegexpError(INVALID_REPEAT_SIZE, rest[: len(rest) - len(after)])
                    after = self._repeat(rest, after, last_repeat)
                    repeat, rest = rest, after
            elif head == "\\":
                rest = self._escape_atom(rest)
            else:
                self.top = "atom"
                rest = rest[1:]
            last_repeat = repeat
        if self.tops:
            raise RegexpError(MISSING_PAREN, self.whole)

    def _repeat(self, before: str, after: str, last_repeat: str) -> str:
        if after.startswith("?"):
            after = after[1:]
        if last_repeat:
            raise RegexpError(INVALID_REPEAT_OP, last_repeat[: len(last_repeat) - len(after)])
        if self.top != "atom":
            raise RegexpError(MISSING_REPEAT_ARGUMENT, before[: len(before) - len(after)])
        return after

    def _open(self) -> None:
        self.tops.append(self.top)
        self.top = "open"

    def _group(self, text: str) -> str:
        if len(text) < 2 or text[1] != "?":
            self._open()
            return text[1:]
        named_p = len(text) > 4 and text[2] == "P" and text[3] == "<"
        named = len(text) > 3 and text[2] == "<"
        if named_p or named:
            end = text.find(">")
            if end < 0:
                raise RegexpError(INVALID_NAMED_CAPTURE, text)
            name = text[4 if named_p else 3 : end]
            if name == "" or not all(character == "_" or _is_alnum(character) for character in name):
                raise RegexpError(INVALID_NAMED_CAPTURE, text[: end + 1])
            self._open()
            return text[end + 1 :]
        rest = text[2:]
        negated = False
        saw_flag = False
        while rest:
            character, rest = rest[0], rest[1:]
            if character in "imsU":
                saw_flag = True
            elif character == "-" and not negated:
                negated = True
                saw_flag = False
            elif character in ":)":
                if negated and not saw_flag:
                    break
                if character == ":":
                    self._open()
                return rest
            else:
                break
        raise RegexpError(INVALID_PERL_OP, text[: len(text) - len(rest)])

    def _escape_atom(self, text: str) -> str:
        if text[1:2] == "Q":
            # \Q...\E: literal text (possibly none, then nothing is pushed).
            literal, _, rest = text[2:].partition("\\E")
            if literal:
                self.top = "atom"
            return rest
        self.top = "atom"
        if len(text) >= 2:
            second = text[1]
            if second in "AbBz":
                return text[2:]
            if second == "C":
                raise RegexpError(INVALID_ESCAPE, text[:2])
            if second in "pP":
                return _unicode_class(text)
            if second in _PERL_CLASSES:
                return text[2:]
        return _escape(text)[1]

    def _class(self, whole: str) -> str:
        rest = whole[1:]
        if rest.startswith("^"):
            rest = rest[1:]
        first = True
        while rest == "" or rest[0] != "]" or first:
            first = False
            if len(rest) > 2 and rest[0] == "[" and rest[1] == ":":
                end = rest.find(":]", 2)
                if end >= 0:
                    name = rest[: end + 2]
                    if name not in _POSIX_CLASSES:
                        raise RegexpError(INVALID_CHAR_RANGE, name)
                    rest = rest[end + 2 :]
                    continue
            if len(rest) >= 2 and rest[0] == "\\" and rest[1] in "pP":
                rest = _unicode_class(rest)
                continue
            if len(rest) >= 2 and rest[0] == "\\" and rest[1] in _PERL_CLASSES:
                rest = rest[2:]
                continue
            start = rest
            low, rest = _class_char(rest, whole)
            if len(rest) >= 2 and rest[0] == "-" and rest[1] != "]":
                high, rest = _class_char(rest[1:], whole)
                if ord(high) < ord(low):
                    raise RegexpError(INVALID_CHAR_RANGE, start[: len(start) - len(rest)])
        return rest[1:]


def _class_char(text: str, whole: str) -> tuple[str, str]:
    if text == "":
        raise RegexpError(MISSING_BRACKET, whole)
    if text[0] == "\\":
        return _escape(text)
    return text[0], text[1:]


def _unicode_class(text: str) -> str:
    """``\\pL``, ``\\p{Greek}``, ``\\P{^Lu}``: the rest after it, or Go's error."""
    after = text[2:]
    if after[:1] != "{":
        sequence = text[:3]
        name = text[2:3]
        rest = text[3:]
    else:
        end = text.find("}")
        if end < 0:
            raise RegexpError(INVALID_CHAR_RANGE, text)
        sequence, rest = text[: end + 1], text[end + 1 :]
        name = text[3:end]
    if name.startswith("^"):
        name = name[1:]
    if _canonical(name) not in _UNICODE_NAMES:
        raise RegexpError(INVALID_CHAR_RANGE, sequence)
    return rest


def _escape(text: str) -> tuple[str, str]:
    """One escaped character at the start of ``text``: (the character, the rest), or Go's error."""
    rest = text[1:]
    if rest == "":
        raise RegexpError(TRAILING_BACKSLASH, "")
    character, rest = rest[0], rest[1:]
    if ord(character) < 0x80 and not _is_alnum(character):
        return character, rest
    if character in "1234567" and rest[:1] and rest[0] in "01234567" or character == "0":
        value = int(character)
        for _ in range(2):
            if not rest or rest[0] not in "01234567":
                break
            value = value * 8 + int(rest[0])
            rest = rest[1:]
        return chr(value), rest
    if character == "x" and rest:
        digit, rest = rest[0], rest[1:]
        if digit == "{":
            value = 0
            count = 0
            while rest:
                digit, rest = rest[0], rest[1:]
                if digit == "}":
                    if count:
                        return chr(min(value, 0x10FFFF)), rest
                    break
                if digit not in _HEX:
                    break
                value = value * 16 + int(digit, 16)
                if value > 0x10FFFF:
                    break
                count += 1
        else:
            second, rest = (rest[0], rest[1:]) if rest else ("", "")
            if digit in _HEX and second and second in _HEX:
                return chr(int(digit + second, 16)), rest
    elif character in _C_ESCAPES:
        return character, rest
    raise RegexpError(INVALID_ESCAPE, text[: len(text) - len(rest)])


def _repeat_bounds(text: str) -> tuple[int, int, str] | None:
    """Go's ``parseRepeat``: (min, max, rest) of ``{n}``, ``{n,}`` or ``{n,m}`` (max -1: none)."""
    rest = text[1:]
    low, rest = _repeat_int(rest)
    if low is None or rest == "":
        return None
    if rest[0] != ",":
        high = low
    else:
        rest = rest[1:]
        if rest == "":
            return None
        if rest[0] == "}":
            high = -1
        else:
            parsed, rest = _repeat_int(rest)
            if parsed is None:
                return None
            high = parsed
            if high < 0:
                low = -1
    if rest == "" or rest[0] != "}":
        return None
    return low, high, rest[1:]


def _repeat_int(text: str) -> tuple[int | None, str]:
    if text == "" or not "0" <= text[0] <= "9":
        return None, text
    if len(text) >= 2 and text[0] == "0" and "0" <= text[1] <= "9":
        return None, text
    end = 0
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    value = 0
    for digit in text[:end]:
        if value >= 100_000_000:
            value = -1  # Go gives up on numbers this large
            break
        value = value * 10 + int(digit)
    return value, text[end:]
