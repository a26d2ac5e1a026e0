"""Storage: ORM models, the engine and session scope, migrations, backups and search."""
