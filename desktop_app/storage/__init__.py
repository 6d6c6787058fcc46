"""SQLite storage: typed SQLAlchemy models, engine, migrations, unit of work."""
