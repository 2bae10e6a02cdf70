"""The codes vocheck's runner reports itself, documented like every check."""

from __future__ import annotations

from vocheck.hookspecs import hookimpl
from vocheck.model import Check, Severity, core_rule


@core_rule("VO001", "yaml-syntax-error")
def yaml_syntax_error() -> None:
    """The file is not valid YAML (or JSON), so the broken document is not checked.

    ## Why is this bad?
    Neither ``kubectl apply`` nor ``kumactl apply`` accepts a document that
    does not parse. vocheck reports the place where the parser gave up and
    still checks every other document of the file.

    ## Example
    ```yaml
    conf:
      host: "{{.service}}.mesh
      port: "80"
    ```
    Use instead:
    ```yaml
    conf:
      host: "{{.service}}.mesh"
      port: "80"
    ```
    """


@core_rule("VO002", "schema-violation")
def schema_violation() -> None:
    """A value has a type or shape that Kuma refuses when it decodes the resource.

    ## Why is this bad?
    Kuma decodes resources strictly: a number or boolean where it wants a
    string, or a mapping where it wants a list, makes ``kumactl apply`` and
    the admission webhook reject the whole resource. YAML reads ``80``,
    ``1800``, ``yes`` and ``on`` as non-strings, so quote them. The hint
    fits the field: quote a text field, write a number in a number field,
    ``true`` or ``false`` in a flag; an unquoted template in ``conf.host``
    or ``conf.port`` (``{{.service}}``) is a YAML mapping, so quote it.

    ## Example
    ```yaml
    conf:
      port: 80
    ```
    Use instead:
    ```yaml
    conf:
      port: "80"
    ```
    """


@core_rule("VO003", "check-crashed")
def check_crashed() -> None:
    """A check raised an exception on this resource; its result is unknown.

    ## Why is this bad?
    The failing check could not say whether the resource is fine. Every
    other check still ran. Report the message to the plugin's authors.

    ## Example
    A third-party check that assumes ``conf`` is always present crashes on
    a policy without it:
    ```yaml
    type: VirtualOutbound
    name: web
    mesh: default
    ```
    Use instead: fix the check (or the policy), then run vocheck again:
    ```yaml
    type: VirtualOutbound
    name: web
    mesh: default
    conf: {host: "{{.service}}.mesh", port: "80", parameters: [{name: service, tagKey: kuma.io/service}]}
    ```
    """


@core_rule("VO004", "unreadable-input")
def unreadable_input() -> None:
    """The input could not be read as text, or it breaks one of vocheck's limits.

    ## Why is this bad?
    vocheck reads UTF-8 (with or without a byte-order mark) and UTF-16 with a
    byte-order mark, as Kubernetes and Kuma do. A binary file, another
    encoding such as Latin-1, a file over ``max-file-size``, a document whose
    aliases expand without bound, or nesting deeper than the limit is
    reported here and skipped; the rest of the run goes on.

    ## Example
    A policy saved as Latin-1 with ``host: "café.mesh"``.

    Use instead: save the file as UTF-8 (and keep hostnames ASCII):
    ```yaml
    host: "cafe.mesh"
    ```
    """


@core_rule("VO005", "unused-suppression", Severity.INFO)
def unused_suppression() -> None:
    """A suppression hides nothing: no finding it names is reported where it applies.

    ## Why is this bad?
    A ``# vocheck: ignore[...]`` comment or a ``vocheck.io/ignore`` annotation
    outlives the mistake it was written for, and then silently hides the next
    real finding of that code. A suppression vocheck cannot parse, or one
    naming a code no check has, is reported here too. The reason after the
    codes is optional but recommended: it tells the next reader why the
    finding is acceptable. ``--no-suppress`` turns every suppression off.

    ## Example
    ```yaml
    conf:
      # vocheck: ignore[VO101] legacy field, removed next release
      host: "{{.service}}.mesh"
    ```
    Use instead: delete the comment once the finding is gone:
    ```yaml
    conf:
      host: "{{.service}}.mesh"
    ```
    """


@core_rule("VO006", "unrecognized-kuma-document", Severity.WARNING)
def unrecognized_kuma_document() -> None:
    """A document looks like a Kuma resource but names a type or API version Kuma does not know.

    vocheck checks the five kinds it models and skips every other document.
    A near miss, such as ``type: virtualoutbound`` or ``apiVersion:
    kuma.io/v1beta1``, is not skipped silently.

    ## Why is this bad?
    ``kumactl apply`` rejects an unknown type and ``kubectl apply`` an
    unknown API version, and vocheck cannot check what it does not
    recognise.

    ## Example
    ```yaml
    apiVersion: kuma.io/v1beta1
    kind: VirtualOutbound
    ```
    Use instead:
    ```yaml
    apiVersion: kuma.io/v1alpha1
    kind: VirtualOutbound
    ```
    """


# What Kuma or the parser refuses outright: never deselected, suppressed or baselined away.
PROTECTED_CODES = frozenset({"VO001", "VO002", "VO003", "VO004"})


@hookimpl
def vocheck_checks() -> list[Check]:
    return [yaml_syntax_error, schema_violation, check_crashed, unreadable_input, unrecognized_kuma_document, unused_suppression]
