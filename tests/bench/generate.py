"""Deterministic benchmark corpora: realistic Kuma GitOps trees, mostly valid, with a few mistakes.

``S`` is 5,000 single-document VirtualOutbound files (the only shape the
JSON Schema peer can read), ``M`` is 500 files of 10 policies and 10
Dataplanes each, ``L`` is 20,000 Dataplanes and 200 policies in 2,000
files, ``E`` is the editor's workspace of the language-server benchmark:
300 one-policy files and 300 one-Dataplane files. The same name and scale
always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

SEED = 20261126
MESHES = ("default", "payments", "edge")
SERVICES = tuple(
    f"{team}-{part}"
    for team in ("orders", "billing", "search", "catalog", "users", "ledger", "mail", "media")
    for part in ("api", "worker", "db", "cache", "web")
)
ZONES = ("eu-west", "us-east", "ap-south")
# One in this many policies carries a mistake of the kind people make.
MISTAKE_EVERY = 40
# One in this many policies selects every service of its mesh, as platform teams' policies do.
WILDCARD_EVERY = 200


@dataclass(frozen=True, slots=True)
class Corpus:
    """How one corpus is shaped."""

    files: int
    policies_per_file: int
    dataplanes_per_file: int
    # Files with an index divisible by this hold the policies (L has fewer policies than files).
    policy_file_every: int = 1


CORPORA: dict[str, Corpus] = {
    "S": Corpus(files=5_000, policies_per_file=1, dataplanes_per_file=0),
    "M": Corpus(files=500, policies_per_file=10, dataplanes_per_file=10),
    "L": Corpus(files=2_000, policies_per_file=1, dataplanes_per_file=10, policy_file_every=10),
}


def policy(random_source: random.Random, index: int, mesh: str, services: tuple[str, ...]) -> str:
    """One Universal VirtualOutbound for one of ``services``; a few select every service.

    One in MISTAKE_EVERY has a mistake.
    """
    shape = random_source.randrange(4)
    service = random_source.choice(services)
    name = f"vo-{index:06d}-{service}"
    selector_service = '"*"' if index % WILDCARD_EVERY == 0 else service
    lines = [
        "type: VirtualOutbound",
        f"mesh: {mesh}",
        f"name: {name}",
        "selectors:",
        "  - match:",
        f"      kuma.io/service: {selector_service}",
    ]
    host, port, parameters = _templates(shape)
    # Each policy names its own DNS zone, as teams do; equal templates in one mesh are a mistake.
    host = host.replace(".mesh", f".g{index:05d}.mesh")
    if shape == 1:
        lines.append('      version: "*"')
    elif shape == 2:
        lines.append('      kuma.io/instance: "*"')
    lines += ["conf:", f'  host: "{host}"', f'  port: "{port}"', "  parameters:"]
    for parameter, tag in parameters:
        lines += [f"    - name: {parameter}", f"      tagKey: {tag}"]
    text = "\n".join(lines) + "\n"
    if index % MISTAKE_EVERY == MISTAKE_EVERY - 1:
        text = _mistake(random_source, text)
    return text


def _templates(shape: int) -> tuple[str, str, list[tuple[str, str]]]:
    if shape == 1:
        return "{{.v}}.{{.service}}.mesh", "{{.port}}", [("service", "kuma.io/service"), ("v", "version"), ("port", "port")]
    if shape == 2:
        return (
            "inst-{{.instance}}.{{.service}}.mesh",
            "8080",
            [("service", "kuma.io/service"), ("instance", "kuma.io/instance")],
        )
    return "{{.service}}.mesh", "80", [("service", "kuma.io/service")]


_MISTAKES: tuple[Callable[[str], str], ...] = (
    lambda text: text.replace('port: "80"', "port: 80").replace('port: "8080"', "port: 8080"),
    lambda text: text.replace("tagKey:", "tagkey:", 1),
    lambda text: text.replace("  host:", "  port: \"1\"\n  host:", 1),
    lambda text: text.replace("{{.service}}", "{{lower .service}}", 1),
    lambda text: text.replace("selectors:", "selector:", 1),
)


def _mistake(random_source: random.Random, text: str) -> str:
    return random_source.choice(_MISTAKES)(text)


def dataplane(random_source: random.Random, index: int, mesh: str, services: tuple[str, ...]) -> str:
    """One Universal Dataplane of one of ``services``, with one to three inbounds."""
    service = random_source.choice(services)
    version = f"v{random_source.randrange(1, 4)}"
    zone = random_source.choice(ZONES)
    lines = [
        "type: Dataplane",
        f"mesh: {mesh}",
        f"name: {service}-{index:06d}",
        "networking:",
        f"  address: 10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}",
        "  inbound:",
    ]
    for inbound in range(random_source.randrange(1, 4)):
        port = 8000 + inbound
        lines += [
            f"    - port: {port}",
            f"      servicePort: {port + 1000}",
            "      tags:",
            f"        kuma.io/service: {service if inbound == 0 else f'{service}-admin-{inbound}'}",
            f"        kuma.io/instance: {service}-{index:06d}",
            f"        kuma.io/zone: {zone}",
            f"        version: {version}",
            f'        port: "{port}"',
        ]
    if random_source.randrange(4) == 0:
        lines += ["  outbound:", "    - port: 10001", "      tags:", f"        kuma.io/service: {random_source.choice(services)}"]
    return "\n".join(lines) + "\n"


def corpus_files(name: str, scale: int = 1) -> Iterator[tuple[str, str]]:
    """(relative path, content) of every file of a corpus, in a fixed order."""
    shape = CORPORA[name]
    random_source = random.Random(f"{SEED}-{name}-{scale}")
    policies = dataplanes = 0
    for file_index in range(shape.files * scale):
        mesh = MESHES[file_index % len(MESHES)]
        # Each file is one application's directory: its services, their proxies and policies.
        application = f"app{file_index:05d}"
        services = tuple(f"{application}-{service}" for service in random_source.sample(SERVICES, 4))
        documents: list[str] = []
        if file_index % shape.policy_file_every == 0:
            for _ in range(shape.policies_per_file):
                documents.append(policy(random_source, policies, mesh, services))
                policies += 1
        for _ in range(shape.dataplanes_per_file):
            documents.append(dataplane(random_source, dataplanes, mesh, services))
            dataplanes += 1
        directory = f"{mesh}/team-{file_index % 17:02d}"
        yield f"{directory}/resources-{file_index:06d}.yaml", "---\n".join(documents)


# The pairs corpus: the same files at every scale, only how many policies match every inbound varies.
PAIRS_POLICIES = 400
PAIRS_DATAPLANES = 2_000
PAIRS_WILDCARDS = 25  # at scale 1: 50,000 (policy, matching inbound) pairs


def pairs_files(scale: int) -> Iterator[tuple[str, str]]:
    """(relative path, content) of the pairs corpus: ``25 x scale`` policies match all 2,000 inbounds.

    Documents, bytes and resources are the same at every scale (the other
    policies select a service no dataplane has), so what grows is the number
    of (policy, matching inbound) pairs, and each pair renders a name of its own.
    """
    wildcards = PAIRS_WILDCARDS * scale
    for file_index in range(PAIRS_POLICIES // 20):
        documents = []
        for index in range(file_index * 20, file_index * 20 + 20):
            selected = '"*"' if index < wildcards else f"nobody-{index:04d}"
            documents.append(
                "type: VirtualOutbound\nmesh: default\n"
                f"name: vo-{index:04d}\nselectors:\n  - match:\n      kuma.io/service: {selected}\n"
                f'conf:\n  host: "p{index:04d}-{{{{.instance}}}}.{{{{.service}}}}.mesh"\n  port: "80"\n'
                "  parameters:\n    - name: service\n      tagKey: kuma.io/service\n"
                "    - name: instance\n      tagKey: kuma.io/instance\n"
            )
        yield f"policies/policies-{file_index:03d}.yaml", "---\n".join(documents)
    for file_index in range(PAIRS_DATAPLANES // 20):
        documents = []
        for index in range(file_index * 20, file_index * 20 + 20):
            service = SERVICES[index % len(SERVICES)]
            documents.append(
                f"type: Dataplane\nmesh: default\nname: dp-{index:05d}\nnetworking:\n"
                f"  address: 10.1.{index >> 8 & 255}.{index & 255}\n  inbound:\n    - port: 8080\n"
                f"      tags:\n        kuma.io/service: {service}\n        kuma.io/instance: i{index:05d}\n"
            )
        yield f"dataplanes/dataplanes-{file_index:03d}.yaml", "---\n".join(documents)


# The editor corpus: a workspace as the language server sees it, one resource per file.
EDITOR_APPLICATIONS = 300


def editor_files(scale: int = 1) -> Iterator[tuple[str, str]]:
    """(relative path, content) of the editor corpus: per application, one policy file and one Dataplane file.

    Each policy selects its application's first service, which the first
    inbound of the application's Dataplane carries, so that editing the
    Dataplane changes what the policy matches. Wildcard policies and
    mistakes come at the same rates as in the other corpora.
    """
    random_source = random.Random(f"{SEED}-E-{scale}")
    for index in range(EDITOR_APPLICATIONS * scale):
        mesh = MESHES[index % len(MESHES)]
        service = f"app{index:05d}-{random_source.choice(SERVICES)}"
        yield editor_policy_path(index), policy(random_source, index, mesh, (service,))
        yield editor_dataplane_path(index), dataplane(random_source, index, mesh, (service,))


def editor_policy_path(index: int) -> str:
    return f"{MESHES[index % len(MESHES)]}/policies/vo-{index:05d}.yaml"


def editor_dataplane_path(index: int) -> str:
    return f"{MESHES[index % len(MESHES)]}/dataplanes/dp-{index:05d}.yaml"


def write_corpus(name: str, directory: Path, scale: int = 1) -> Path:
    """Write a corpus under ``directory`` (replacing what was there); return its root."""
    root = directory / f"{name}x{scale}"
    marker = root / ".complete"
    if marker.exists():
        return root  # the bytes are a function of name and scale only
    if root.exists():
        shutil.rmtree(root)
    files = pairs_files(scale) if name == "P" else editor_files(scale) if name == "E" else corpus_files(name, scale)
    for relative, content in files:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    marker.write_text("", encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--corpus", default="S,M,L", help="comma-separated corpus names (S, M, L, P, E)")
    parser.add_argument("--scale", type=int, default=1)
    options = parser.parse_args()
    for name in options.corpus.split(","):
        print(write_corpus(name.strip(), options.directory, options.scale))


if __name__ == "__main__":
    main()
