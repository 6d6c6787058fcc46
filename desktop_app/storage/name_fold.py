"""The family's name as the register sorts it, in SQL that SQLite can index (no registered function needed).

``search_key`` holds the code and then the adults' full names, case- and ё-folded (``domain.text.search_key``,
the program's collation for names everywhere); what follows the code is the names the user sees on the row
(«Иванова А. П., Иванов С. И.» shows the same adults, surname first). SQLite's own ``lower()`` folds only ASCII,
so the fold cannot be written in SQL; cutting the code off the stored key can.
"""

from __future__ import annotations

FAMILY_NAME_KEY = "substr(search_key, length(code) + 2)"

# The case register's sort keys that are expressions (storage/migrations 0017): the family's name as the user reads
# it (the case's search_key is the code, then the family's name and its adults' names) and the dates that may be
# empty, sorted as '' so that an index holds them and a key can be sought past them.
CASE_SORT_EXPRESSIONS = {
    "name": FAMILY_NAME_KEY,
    "stage_since": "ifnull(stage_since, '')",
    "next_review": "ifnull(next_review_on, '')",
}
