"""The family's name as the register sorts it, in SQL that SQLite can index (no registered function needed).

``search_key`` holds the code and then the adults' full names, case- and ё-folded (``domain.text.search_key``,
the program's collation for names everywhere); what follows the code is the names the user sees on the row
(«Иванова А. П., Иванов С. И.» shows the same adults, surname first). SQLite's own ``lower()`` folds only ASCII,
so the fold cannot be written in SQL; cutting the code off the stored key can.
"""

from __future__ import annotations

FAMILY_NAME_KEY = "substr(search_key, length(code) + 2)"
