"""Kuma's host and port evaluation (virtual_outbound_helpers.go), including Go's ParseInt rules."""

from __future__ import annotations

import pytest

from vocheck.kuma.specs import Parameter
from vocheck.kuma.host_templates import EvalError, eval_host, eval_port, parse_go_int64, template_data

PORT_TEXTS = [
    ("80", 80),
    ("0080", 80),
    ("+80", 80),
    ("-80", -80),
    ("0", 0),
    ("9223372036854775807", 9223372036854775807),
    ("-9223372036854775808", -9223372036854775808),
    ("9223372036854775808", None),
    ("-9223372036854775809", None),
    ("0" * 30 + "1", 1),
    ("9" * 5000, None),
    ("", None),
    (" 80", None),
    ("80 ", None),
    ("80\n", None),
    ("1_000", None),
    ("0x50", None),
    ("1e2", None),
    ("+", None),
    ("-", None),
    ("++1", None),
    ("\u0663", None),
    ("<no value>", None),
]


@pytest.mark.parametrize(("text", "expected"), PORT_TEXTS)
def test_parse_go_int64(text: str, expected: int | None) -> None:
    assert parse_go_int64(text) == expected


def _error_of(call: object) -> EvalError:
    assert callable(call)
    with pytest.raises(EvalError) as caught:
        call()
    return caught.value


def test_eval_port_not_an_int() -> None:
    error = _error_of(lambda: eval_port("{{.port}}", [Parameter("port")], {"port": "hello"}))
    assert str(error) == "evaluation of template with parameters didn't evaluate to a parsable number result=\"hello\""
    assert error.rendered == "hello"
    assert error.reason == "not_a_number"


def test_eval_port_complex_template() -> None:
    parameters = [Parameter("port"), Parameter("offset")]
    assert eval_port("{{.port}}{{.offset}}", parameters, {"port": "80", "offset": "81"}) == 8081


@pytest.mark.parametrize(
    ("value", "shown"), [("80000", "80000"), ("0", "0"), ("-1", "-1"), ("+0065536", "65536")]
)
def test_eval_port_out_of_range(value: str, shown: str) -> None:
    error = _error_of(lambda: eval_port("{{.port}}", [Parameter("port")], {"port": value}))
    assert str(error) == f"evaluation of template returned a port outside of the range [1..65535] result={shown}"
    assert error.reason == "port_range"


def test_eval_port_accepts_sign_and_leading_zeros() -> None:
    assert eval_port("{{.port}}", [Parameter("port")], {"port": "+0080"}) == 80


def test_eval_host_invalid_host() -> None:
    parameters = [Parameter("host", "kuma.io/service")]
    error = _error_of(lambda: eval_host("{{.host}}", parameters, {"kuma.io/service": "foo()bar"}))
    assert str(error) == "evaluation of template with parameters didn't return a valid dns name result=\"foo()bar\""
    assert error.rendered == "foo()bar"


def test_eval_host_simple() -> None:
    parameters = [Parameter("host", "kuma.io/service"), Parameter("instance")]
    tags = {"kuma.io/service": "foo-bar", "instance": "2"}
    assert eval_host("{{.host}}.{{.instance}}", parameters, tags) == "foo-bar.2"


def test_eval_host_missing_tag_renders_no_value() -> None:
    error = _error_of(lambda: eval_host("{{.version}}.mesh", [Parameter("version")], {}))
    assert str(error) == "evaluation of template with parameters didn't return a valid dns name result=\"<no value>.mesh\""


def test_eval_host_compile_error_wraps_go_text() -> None:
    error = _error_of(lambda: eval_host("foo.{{mesh", [], {}))
    assert str(error) == 'failed compiling gotemplate error="template: :1: function \\"mesh\\" not defined"'
    assert error.reason == "compile"
    assert error.rendered is None


def test_eval_host_exec_error_wraps_go_text() -> None:
    error = _error_of(lambda: eval_host("{{.service.x}}", [Parameter("service")], {"service": "x"}))
    assert str(error) == (
        "pre evaluation of template with parameters failed with error="
        '"template: :1:10: executing \\"\\" at <.service.x>: can\'t evaluate field x in type string"'
    )
    assert error.reason == "execute"


def test_template_data_keeps_only_existing_tags_keyed_by_name() -> None:
    parameters = [Parameter("srv", "kuma.io/service"), Parameter("version"), Parameter("port", "kuma.io/port")]
    tags = {"kuma.io/service": "backend", "kuma.io/port": "", "zone": "eu"}
    assert template_data(parameters, tags) == {"srv": "backend", "port": ""}


