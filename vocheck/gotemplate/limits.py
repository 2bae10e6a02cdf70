"""vocheck's bounds on running a template, where Go has none (see the package's "Limits")."""

MAX_OUTPUT_BYTES = 16 * 1024 * 1024
MAX_STEPS = 250_000
MAX_NESTED_TEMPLATES = 1_000
