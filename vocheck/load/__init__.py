"""Files to resources: reading sources, YAML documents with positions, recognising Kuma's kinds."""

from vocheck._perf.pyyaml import import_pyyaml

import_pyyaml()  # before a module of this package first imports PyYAML: see vocheck._perf.pyyaml
