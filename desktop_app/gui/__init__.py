"""The PySide6 user interface: thin over the services, never touching the database directly."""
