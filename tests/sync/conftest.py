from tests.server.fixtures import (  # noqa: F401
    db_url,
    pg_cluster,
    pg_template,
    sqlite_template,
    world,
)
