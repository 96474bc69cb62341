from tests.server.fixtures import sqlite_template  # noqa: F401
