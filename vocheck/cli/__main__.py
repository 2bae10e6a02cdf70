"""``python -m vocheck.cli``, the same as ``vocheck``."""

from vocheck.cli.commands import main

raise SystemExit(main())
