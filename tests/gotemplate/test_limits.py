"""Pathological templates stop quickly, in bounded memory, with a TemplateError naming the limit."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from vocheck.gotemplate import MAX_NESTED_TEMPLATES, MAX_STEPS, TemplateError, parse

# Each case runs in a fresh interpreter that reports its own peak resident
# memory. How fast it stops is the benchmarks' business, not a unit test's: the
# subprocess timeout only catches a template that never stops, and the limit
# named in the error shows which bound stopped it (VmHWM belongs to the new process image; ru_maxrss would
# include the parent's peak, which Linux carries across exec).
_PROBE = textwrap.dedent(
    """
    import json, resource, sys
    from vocheck.gotemplate import TemplateError, parse

    def peak_mb():
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    try:
        output = parse(sys.argv[1]).execute({"service": "backend"})
        answer = {"output_length": len(output)}
    except TemplateError as error:
        answer = {"error": str(error), "phase": error.phase, "limit": error.limit}
    answer["peak_mb"] = peak_mb()
    print(json.dumps(answer))
    """
)

PATHOLOGICAL = [
    pytest.param('{{printf "%2000000000d" 1}}', None, "%!(NOVERB)", id="printf-huge-width"),
    pytest.param('{{printf "%.2000000000f" 1.5}}', None, "%!(NOVERB)", id="printf-huge-precision"),
    pytest.param(
        '{{define "a"}}{{template "a"}}{{end}}{{template "a"}}',
        None,
        "exceeded maximum template depth (100000)",
        id="template-calls-itself",
    ),
    pytest.param(
        '{{define "a"}}{{template "a" (print . "x")}}{{end}}{{template "a" ""}}',
        "depth",
        f"more than {MAX_NESTED_TEMPLATES} nested template calls",
        id="template-recursion-growing-dot",
    ),
    pytest.param("{{range 1000000000}}x{{end}}", "steps", f"more than {MAX_STEPS} execution steps", id="huge-range"),
    pytest.param("{{range 1000000000}}{{end}}", "steps", "execution steps", id="huge-empty-range"),
    pytest.param("{{range 100000}}{{range 100000}}{{end}}{{end}}", "steps", "execution steps", id="nested-ranges"),
    pytest.param('{{range 100}}{{printf "%1000000d" 1}}{{end}}', "output", "output larger than", id="output-bomb"),
]


def _probe(text: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, text], capture_output=True, text=True, timeout=60, check=True
    )
    answer: dict[str, object] = json.loads(completed.stdout)
    return answer


@pytest.mark.parametrize(("text", "limit", "message"), PATHOLOGICAL)
def test_pathological_template_stops_small(text: str, limit: str | None, message: str) -> None:
    answer = _probe(text)
    assert answer["peak_mb"] < 100  # type: ignore[operator]
    if "error" in answer:
        assert answer["phase"] == "exec"
        assert answer["limit"] == limit
        assert message in str(answer["error"])
    else:
        assert limit is None


def test_limit_error_carries_go_style_context() -> None:
    with pytest.raises(TemplateError) as caught:
        parse("a\n{{range 1000000000}}x{{end}}").execute({})
    context = 'template: :2:8: executing "" at <{{range 1000000000}}x{{end}}>'
    assert str(caught.value).startswith(context + ": vocheck limit: ")
    assert caught.value.limit == "steps"


def test_go_errors_are_not_marked_as_limits() -> None:
    with pytest.raises(TemplateError) as caught:
        parse("{{nil}}").execute({})
    assert caught.value.limit is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("{{" + "(" * 10000 + "1" + ")" * 10000 + "}}", "1", id="parens-at-go-limit"),
        pytest.param("{{if 1}}" * 3000 + "x" + "{{end}}" * 3000, "x", id="deeply-nested-if"),
        pytest.param('{{printf "%9999999d" 1 | len}}', "9999999", id="widest-printf"),
        pytest.param("{{len (print " + "(" * 5000 + "1" + ")" * 5000 + ")}}", "1", id="deep-parens-as-argument"),
    ],
)
def test_deep_but_finite_templates_still_run(text: str, expected: str) -> None:
    assert parse(text).execute({}) == expected


def test_error_context_of_a_deep_node_renders() -> None:
    text = '{{template "x" ' + "(" * 10000 + "1" + ")" * 10000 + "}}"
    with pytest.raises(TemplateError) as caught:
        parse(text).execute({})
    assert str(caught.value).endswith(")" * 10000 + '}}>: template "x" not defined')


def test_absurd_nesting_is_a_parse_limit_not_a_crash() -> None:
    with pytest.raises(TemplateError) as caught:
        parse("{{if 1}}" * 20000 + "{{end}}" * 20000)
    assert (caught.value.phase, caught.value.limit) == ("parse", "depth")
