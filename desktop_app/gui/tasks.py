"""Running service calls off the GUI thread and handing the results back to it.

One worker thread only: SQLite wants a single writer, and the program keeps a single connection.
Results and errors come back through a QObject living in the GUI thread, so callbacks may touch
widgets; the worker never does.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.domain.errors import UserError

log = logging.getLogger(__name__)

INTERNAL_ERROR_MESSAGE = "Внутренняя ошибка программы. Подробности записаны в журнал программы (папка logs)."


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits, Qt queues the call into the GUI thread."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[str], None], parent: QObject) -> None:
        # Owned by its parent in the GUI thread: the worker may drop the last Python reference, and a
        # QObject must never be destroyed from another thread.
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    def disconnect_callbacks(self) -> None:
        self._on_done = lambda _result: None
        self._on_error = lambda _message: None

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        self._on_done(result)

    @Slot(str)
    def _deliver_error(self, message: str) -> None:
        self._on_error(message)


def _run_job(work: Callable[[], Any], relay: _Relay) -> None:
    """In the worker thread: the relay's signals are queued into the GUI thread, where it lives."""
    # The cyclic garbage collector stays off while the worker builds ORM objects: a collection started
    # by the GUI thread meanwhile crashed the interpreter (SQLAlchemy 2.1 with PySide6 6.12). Reference
    # counting still frees memory; cycles wait until the job ends.
    _collector_off()
    try:
        result = work()
    except UserError as exc:
        relay.failed.emit(exc.message)
    except Exception:
        log.exception("Background task failed")
        relay.failed.emit(INTERNAL_ERROR_MESSAGE)
    else:
        relay.done.emit(result)
    finally:
        _collector_on()


_running_jobs = 0
_jobs_lock = threading.Lock()


def _collector_off() -> None:
    global _running_jobs
    with _jobs_lock:
        _running_jobs += 1
        gc.disable()


def _collector_on() -> None:
    global _running_jobs
    with _jobs_lock:
        _running_jobs -= 1
        if _running_jobs == 0:
            gc.enable()


class TaskRunner(QObject):
    """Runs callables on one background thread; ``pending`` tells whether anything is still running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A plain Python thread, not QThreadPool/QRunnable: a QRunnable deleted by Qt in the worker while
        # Python still holds its wrapper crashed the garbage collector of the GUI thread.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opeka-db")
        self._futures: set[Future[None]] = set()
        self._relays: set[_Relay] = set()
        self._closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
    ) -> None:
        """Run ``work()`` in the background; then ``on_done(result)`` or ``on_error(message)`` in the GUI thread."""
        if self._closed:
            return  # the window is closing: a result would arrive for widgets and a database that are gone
        relay: _Relay

        def finish(result: Any) -> None:
            self._release(relay)
            on_done(result)

        def fail(message: str) -> None:
            self._release(relay)
            on_error(message)

        relay = _Relay(finish, fail, self)
        self._relays.add(relay)
        future = self._pool.submit(_run_job, work, relay)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)

    def _release(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()

    @property
    def pending(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait until the worker has finished what it was given (results still arrive through the event loop)."""
        _done, not_done = futures_wait(list(self._futures), timeout=msecs / 1000)
        return not not_done

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Accept no more work and wait for what is running (callbacks queued since then are dropped)."""
        self._closed = True
        for relay in list(self._relays):
            relay.disconnect_callbacks()
        finished = self.wait(msecs)
        self._pool.shutdown(wait=False)
        return finished
