"""Headless subcommands of ``kujdes``.

Each module here defines ``register(subparsers)``, which adds its subcommand(s) and sets
``handler`` on each parser with ``set_defaults(handler=...)``. The handler takes the parsed
arguments and returns the exit code; a :class:`KujdesError` becomes one line on stderr.
"""
