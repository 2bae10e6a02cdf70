"""Go's regexp syntax, request-URI and duration answers the Dataplane and Mesh validators rely on.

``go_answers.yaml`` holds what Go 1.26 answers for each input; vocheck's
restatements must give the same answer, byte for byte for error texts. The
tables below add the patterns and Zipkin URLs the Mesh validator meets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vocheck.kuma.duration import duration_nanoseconds
from vocheck.kuma.goregexp import MAX_JUDGED, regexp_error
from vocheck.kuma.gourl import is_request_uri, request_uri_port

_ANSWERS: dict[str, list[dict[str, Any]]] = yaml.safe_load((Path(__file__).parent / "go_answers.yaml").read_text())


@pytest.mark.parametrize("case", _ANSWERS["regexp"], ids=lambda case: repr(case["pattern"]))
def test_regexp_error(case: dict[str, Any]) -> None:
    assert regexp_error(case["pattern"]) == case["error"]


@pytest.mark.parametrize("case", _ANSWERS["request_uri"], ids=lambda case: repr(case["text"]))
def test_request_uri(case: dict[str, Any]) -> None:
    assert is_request_uri(case["text"]) is case["valid"]


@pytest.mark.parametrize("case", _ANSWERS["duration"], ids=lambda case: repr(case["text"]))
def test_duration(case: dict[str, Any]) -> None:
    assert duration_nanoseconds(case["text"]) == case["nanoseconds"]


def test_long_patterns_are_not_judged() -> None:
    # Go may stop a long pattern for nesting depth or size, which is not modelled.
    assert regexp_error("(" * (MAX_JUDGED + 1)) is None
    judged = "(" * MAX_JUDGED
    assert regexp_error(judged) == f"error parsing regexp: missing closing ): `{judged}`"


REGEXPS = [
    ("^server[0-9]+", None),
    ("cluster\\.(outbound|inbound)\\..*", None),
    ("(?P<name>a)(?<other>b)(?i:c)(?s)x*?", None),
    ("\\pL\\p{Greek}\\P{^Lu}\\p{Letter}[[:alpha:]\\d-]", None),
    ("\\Q*+?\\E*", None),
    ("a{2,5}b{3,}c{,3}x{", None),
    ("(", "missing closing ): `(`"),
    ("a)", "unexpected ): `a)`"),
    ("[abc", "missing closing ]: `[abc`"),
    ("x[a-", "missing closing ]: `[a-`"),
    ("a**", "invalid nested repetition operator: `**`"),
    ("a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
    ("*a", "missing argument to repetition operator: `*`"),
    ("(?i)+", "missing argument to repetition operator: `+`"),
    ("a|?", "missing argument to repetition operator: `?`"),
    ("a{1001}", "invalid repeat count: `{1001}`"),
    ("a{3,2}", "invalid repeat count: `{3,2}`"),
    ("\\8", "invalid escape sequence: `\\8`"),
    ("\\C", "invalid escape sequence: `\\C`"),
    ("\\x{110000}", "invalid escape sequence: `\\x{110000`"),
    ("[\\b]", "invalid escape sequence: `\\b`"),
    ("\\", "trailing backslash at end of expression: ``"),
    ("[z-a]", "invalid character class range: `z-a`"),
    ("[[:word2:]]", "invalid character class range: `[:word2:]`"),
    ("\\p{Klingon}", "invalid character class range: `\\p{Klingon}`"),
    ("(?P<1-2>x)", "invalid named capture: `(?P<1-2>`"),
    ("(?<=a)b", "invalid named capture: `(?<=a)b`"),
    ("(?!a)", "invalid or unsupported Perl syntax: `(?!`"),
    ("(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"),
]


@pytest.mark.parametrize(("pattern", "error"), REGEXPS)
def test_regexp_error_of_filter_patterns(pattern: str, error: str | None) -> None:
    expected = f"error parsing regexp: {error}" if error else None
    assert regexp_error(pattern) == expected


URLS = [
    ("http://zipkin.local:9411/api/v2/spans", "9411"),
    ("https://[fd00::1]:9411/", "9411"),
    ("http://user:secret@zipkin:9411", "9411"),
    ("http://zipkin.local/api/v2/spans", ""),
    ("http://zipkin.local:/api", ""),
    ("zipkin:9411/api/v2/spans", ""),  # a scheme and an opaque part: no host at all
    ("/api/v2/spans", ""),
    ("zipkin.local:9411", ""),  # "zipkin.local" reads as the scheme
    ("invalid-url", None),
    ("http://zipkin local:9411/", None),
    ("http://zipkin:94x1/", None),
    ("http://[fd00::1/", None),
    ("http://[zipkin]:9411/", None),
    ("http://[10.0.0.1]:9411/", None),  # brackets hold IPv6 only
    ("http://[fe80::1%25en0]:9411/", "9411"),
    ("http://[fe80::1%25]:9411/", None),
    ("http://zip[kin:9411/", None),
    ("http://zipkin]:9411/", "9411"),
    ("http://zipkin:9411/%zz", None),
    (":9411", None),
    ("http://zipkin:9411/\x7f", None),
    ("http://zipkin:9411:1/", None),  # Go 1.26: for http the port starts at the first colon
    ("ftp://zipkin:1:9411/", "1:9411"),  # other schemes accept more colons; Port() starts at the first
]


@pytest.mark.parametrize(("url", "port"), URLS)
def test_request_uri_port(url: str, port: str | None) -> None:
    assert request_uri_port(url) == port
