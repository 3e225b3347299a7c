"""Group commit for the server: many responses, one transaction, each acknowledged after it.

Under load most of a response's cost is the commit. One writer thread takes every response that
is waiting, writes them in one transaction and only then releases each caller, so a 2xx still
means "in the database" while the commit cost is shared.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime

from cxladder.errors import StoreError
from cxladder.store.repo import PendingExperience, Store

__all__ = ["GroupCommitter"]

log = logging.getLogger(__name__)

_STOP = object()


class GroupCommitter:
    def __init__(
        self,
        store: Store,
        *,
        max_batch: int = 500,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.store = store
        self.max_batch = max_batch
        self.clock = clock
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()

    def submit(self, item: PendingExperience, *, timeout: float = 30.0) -> int:
        """Write one experience; returns its row id once committed."""
        return self.submit_later(item).result(timeout=timeout)

    def submit_later(self, item: PendingExperience) -> Future[int]:
        """Queue one experience; the future holds its row id once committed."""
        future: Future[int] = Future()
        self._queue.put((item, future))
        return future

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = _STOP in batch
            self._write([b for b in batch if b is not _STOP])  # type: ignore[misc]
            if stop:
                return

    def _write(self, batch: list[tuple[PendingExperience, Future[int]]]) -> None:
        try:
            ids = self.store.add_experiences([item for item, _ in batch], now=self.clock())
        except Exception:
            log.warning("group commit of %d responses failed; writing them one by one", len(batch))
            self._write_each(batch)
            return
        for (_, future), row_id in zip(batch, ids, strict=True):
            future.set_result(row_id)

    def _write_each(self, batch: list[tuple[PendingExperience, Future[int]]]) -> None:
        # One bad response must not cost the others their place: each is tried on its own.
        for item, future in batch:
            try:
                future.set_result(self.store.add_experiences([item], now=self.clock())[0])
            except Exception as exc:  # handed to the waiting caller, who reports it
                future.set_exception(
                    exc if isinstance(exc, StoreError) else StoreError(f"not stored: {exc}")
                )
