"""`vocheck migrate [PATHS]`: VirtualOutbound policies to HostnameGenerators and MeshServices, with proof.

Only argparse at module level: `vocheck check` builds this parser too, and
must not pay for what `migrate` imports.
"""

from __future__ import annotations

import argparse

MIGRATE_FORMATS = ("text", "json", "markdown")
TARGETS = ("2.14", "3.0")
FAIL_ON = ("impossible", "approximate", "never")

_EPILOG = """\
verdicts:
  exact        every (hostname, port) is generated afterwards, to the same endpoints; only VIPs change
  approximate  the same intent, with extra resources or a change clients see (each one named)
  impossible   no generator reproduces it (the reason named)

exit codes:
  0  no verdict at or above --fail-on, and vocheck check finds no error in the migrated resources
  1  a verdict at or above --fail-on (default: impossible), an error in the migrated resources,
     or YAML/JSON files in --output-dir that this run did not write (listed; never deleted)
  2  vocheck could not run: a usage error, a bad config, an output directory it cannot write

examples:
  vocheck migrate policies/                             the verdicts and the report; nothing written
  vocheck migrate --output-dir migrated/ policies/      also write the resources to apply
  vocheck migrate --format markdown --to 3.0 .          a report for a Kuma 3.0 target
"""


def add_migrate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from vocheck.cli.options import add_config_options  # loaded with the command line already

    migrate = commands.add_parser(
        "migrate",
        help="move VirtualOutbound policies to HostnameGenerators and MeshServices, with proof of what changes",
        description="Decide, for each VirtualOutbound, whether HostnameGenerators and MeshServices reproduce it "
        "(exact, approximate or impossible), write what to apply, and prove it with both previews.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    migrate.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - reads standard input")
    migrate.add_argument("--to", choices=TARGETS, default="2.14", help="the Kuma release to migrate to (default 2.14)")
    migrate.add_argument("--output-dir", metavar="DIR", help="write the resources to apply to DIR, one file per policy")
    migrate.add_argument("--format", choices=MIGRATE_FORMATS, default="text", help="text (default), json, markdown")
    migrate.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    migrate.add_argument(
        "--fail-on", dest="migrate_fail_on", choices=FAIL_ON, default="impossible",
        help="the verdict that makes the exit code 1: impossible (default), approximate, never",
    )
    migrate.add_argument("--stdin-filename", metavar="PATH", help="the name of standard input, for messages and config")
    migrate.add_argument("--kuma-version", metavar="X.Y", help="the Kuma release the inputs run on (default 2.14)")
    migrate.add_argument("--zone", metavar="NAME", help="the zone of the control plane (default: standalone)")
    migrate.add_argument("--jobs", metavar="N", help="processes that share the reading, or auto")
    migrate.add_argument("--var", action="append", metavar="NAME=VALUE", help="a value for {{ NAME }} placeholders (repeatable)")
    add_config_options(migrate)
    migrate.set_defaults(handler=run_migrate)


def run_migrate(options: argparse.Namespace) -> int:
    """Migrate the run's VirtualOutbounds; exit 1 when a verdict of --fail-on occurs or the output has errors."""
    from vocheck.cli.migrating import migrate_command

    return migrate_command(options)
