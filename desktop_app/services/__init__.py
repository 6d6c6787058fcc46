"""Use cases over the storage: permissions, audit and plain result objects. No Qt here."""
