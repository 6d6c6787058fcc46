"""How a long job in the background worker tells the window how far it got, and learns it should stop.

The worker writes only these plain attributes (two numbers, a flag, an Event); a timer in the GUI thread
reads them into a progress bar. No Qt object crosses the thread (see tasks.py for why that matters)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class WorkProgress:
    done: int = 0
    total: int = 0
    finished: bool = False
    stop: threading.Event = field(default_factory=threading.Event)

    def advance(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def cancelled(self) -> bool:
        return self.stop.is_set()
