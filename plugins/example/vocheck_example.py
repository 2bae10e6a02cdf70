"""An example vocheck plugin: host templates must not hard-code a port or scheme."""

from __future__ import annotations

from collections.abc import Iterator

from vocheck import Check, Context, Finding, Resource, Severity, check, hookimpl
from vocheck.kuma.api import spec_of


@check("EX101", "host-has-scheme", Severity.WARNING)
def host_has_scheme(resource: Resource, context: Context) -> Iterator[Finding]:
    """Host templates hold a hostname only, never a URL scheme.

    ## Why is this bad?
    Our teams paste URLs such as ``http://backend.mesh`` into ``conf.host``;
    the scheme can never be part of a DNS name.

    ## Example
    ```yaml
    conf:
      host: "http://{{.service}}.mesh"
    ```
    Use instead:
    ```yaml
    conf:
      host: "{{.service}}.mesh"
    ```
    """
    spec = spec_of(resource, context)  # the VirtualOutboundSpec Kuma decodes; None when it cannot
    if spec is not None and spec.conf is not None and "://" in spec.conf.host:
        yield Finding("host template starts with a URL scheme; write the hostname only", resource.at("conf", "host"))


@hookimpl
def vocheck_checks() -> list[Check]:
    return [host_has_scheme]
