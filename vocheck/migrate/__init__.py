"""`vocheck migrate`: VirtualOutbound policies to HostnameGenerators and MeshServices, with proof.

``migrate(resources, context, target)`` decides every policy's verdict and
plans its replacement from the run's VirtualOutbound preview; ``prove``
previews the planned resources in vocheck's MeshService world and compares
again; ``written_files`` and ``render_report`` give what the command writes.
"""

from __future__ import annotations

from vocheck.migrate.model import Migration, PolicyMigration
from vocheck.migrate.proof import prove
from vocheck.migrate.report import render_report
from vocheck.migrate.run import migrate
from vocheck.migrate.writing import files as written_files

__all__ = ["Migration", "PolicyMigration", "migrate", "prove", "render_report", "written_files"]
