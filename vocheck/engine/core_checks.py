"""The codes vocheck's runner reports itself, documented like every check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vocheck.hookspecs import hookimpl
from vocheck.model import Severity
from vocheck.checks import core_rule

if TYPE_CHECKING:
    from vocheck.checks import Check


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


@core_rule("VO002", "schema-violation", fixable="unsafe")
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

    ## Fix (unsafe)
    ``--fix --unsafe-fixes`` quotes a string field written as a YAML number
    or boolean, or a bare ``{{...}}`` template, exactly as written. Unsafe:
    Kuma accepts a resource it rejected.
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


@core_rule("VO005", "unused-suppression", Severity.INFO, fixable="safe")
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

    ## Fix (safe)
    ``--fix`` deletes an unused suppression comment, or only the codes of
    it that hide nothing; an annotation is left to you.
    """


@core_rule("VO006", "unrecognized-kuma-document", Severity.WARNING, fixable="unsafe")
def unrecognized_kuma_document() -> None:
    """A document looks like a Kuma resource but names a type, kind or API version Kuma does not know.

    vocheck checks the five kinds it models and skips every other document.
    A near miss is not skipped silently: a type in the wrong case (``type:
    virtualoutbound``); a Universal type kumactl does not know, in a file
    of Kuma documents or next to a ``mesh`` (``type: VirtualOutbund``); a
    Kuma kind under another API group or version (``apiVersion:
    mesh.kuma.io/v1alpha1`` or ``kuma.io/v1beta1``); a kind Kuma does not
    serve under ``kuma.io/v1alpha1``. Kuma types vocheck does not model
    (``MeshTrafficPermission`` ...) and other documents stay skipped.

    ## Why is this bad?
    ``kumactl apply`` rejects an unknown type (``invalid resource type
    "Foo"``, given in the finding's ``kuma`` field) and ``kubectl apply``
    an unknown API version or kind, and vocheck cannot check what it does
    not recognise.

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

    ## Fix (unsafe)
    ``--fix --unsafe-fixes`` writes a type or kind whose case alone is
    wrong as Kuma spells it, and a Kuma kind's API version as
    ``kuma.io/v1alpha1``. Unsafe: Kuma then reads the document.
    """


@core_rule("VO007", "template-placeholder", Severity.INFO)
def template_placeholder() -> None:
    """A mustache placeholder such as ``{{ address }}`` has no value, so its value is not checked.

    ``kumactl apply -f FILE -v NAME=VALUE`` and ``kuma-dp run
    --dataplane-file FILE --dataplane-var NAME=VALUE`` fill placeholders in
    before Kuma reads the file. vocheck checks the rest of the document and
    reports nothing the placeholder itself would cause; ``--var NAME=VALUE``
    (or the ``vars`` config table) gives it the value, rendered as Kuma
    renders it (HTML-escaped, dotted names looked up in nested variables),
    and the value is then checked too, with findings pointing at the
    placeholder. A VirtualOutbound's Go template actions (``{{.service}}``)
    are never placeholders.

    ## Why is this bad?
    It is not: the note says which values vocheck could not check. Rendered
    with some variables but not this one, Kuma writes an empty string in its
    place, which Kuma then rejects for most fields.

    ## Example
    ```yaml
    type: Dataplane
    mesh: default
    name: {{ name }}
    networking:
      address: {{ address }}
    ```
    Use instead: check it with the values it is applied with:
    ```sh
    vocheck check --var name=web-1 --var address=10.0.0.7 dataplane.yaml
    ```
    """


@core_rule("VO008", "template-rendered-away", Severity.WARNING)
def template_rendered_away() -> None:
    """A VirtualOutbound's or HostnameGenerator's Go template shares a file with mustache placeholders.

    A file with placeholders is applied with ``kumactl apply -f FILE -v
    NAME=VALUE``, and kumactl then renders every document of the file with
    its mustache renderer, not only the templated ones. That renderer reads
    ``{{.service}}`` (or a generator's ``{{ .DisplayName }}``) as a variable
    too and, finding none of that name, writes nothing in its place.

    ## Why is this bad?
    The VirtualOutbound Kuma receives is not the one in the file:
    ``host: "{{.service}}.mesh"`` arrives as ``host: ".mesh"``, which Kuma
    rejects or turns into a hostname no service has.

    ## Example
    ```yaml
    type: Dataplane
    mesh: default
    name: {{ name }}
    # ...
    ---
    type: VirtualOutbound
    mesh: default
    name: web
    conf:
      host: "{{.service}}.mesh"
    ```
    Use instead: keep the VirtualOutbound (or HostnameGenerator) in a file
    of its own, applied without ``-v``.
    """


@core_rule("VO009", "link-leaves-directory", Severity.INFO)
def link_leaves_directory() -> None:
    """A symbolic link in a checked directory points to a file outside it, so it is not followed.

    When vocheck walks a directory it reads only files inside it. A link to a
    file elsewhere (``../outside/secret.yaml``, ``/etc/...``) is listed here
    and not read; a file named on the command line is always read, link or
    not. Linked directories are never followed.

    ## Why is this bad?
    On a pull request from a fork, such a link would make vocheck read a
    file of the CI machine and quote its keys and values in the report. If
    the link is meant, check its target by naming it on the command line,
    or turn this note off with ``--ignore VO009``.

    ## Example
    ```text
    policies/shared.yaml -> ../../platform/shared.yaml
    ```
    Use instead: check the target too:
    ```sh
    vocheck check policies/ ../platform/shared.yaml
    ```
    """


# What Kuma or the parser refuses outright: never deselected, suppressed or baselined away.
PROTECTED_CODES = frozenset({"VO001", "VO002", "VO003", "VO004"})


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        yaml_syntax_error,
        schema_violation,
        check_crashed,
        unreadable_input,
        unrecognized_kuma_document,
        unused_suppression,
        template_placeholder,
        template_rendered_away,
        link_leaves_directory,
    ]
