"""PostgreSQL registry: schema, server functions, setup helpers and the PgStore."""
