"""How cxladder runs one large batch (an import, a judged file) in a process that does more.

A batch of a million rows makes and drops millions of objects and hundreds of large buffers in
a few seconds. Two process-wide defaults can cost a large share of that time, so a batch sets
them aside while it runs and puts them back after, also when it fails:

- Python's cyclic garbage collector walks the whole heap every time enough objects were made.
  A batch makes plain values and lists without reference cycles, which reference counting frees
  anyway; the walks were a quarter of the time of judging comments in a process holding a text
  model. (For an import, whose objects live shortly, pausing it measured no difference.)
- Arrow's default memory pool (mimalloc) hands large buffers back to the kernel soon after they
  are freed and asks for fresh, huge, zero-filled pages for the next ones. The system allocator
  reuses them: an import of 1M rows measured 7.6-7.8 s CPU with mimalloc, 6.4-6.5 s with it.
  Buffers remember the pool they came from, so swapping the default is safe at any time.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pyarrow as pa

__all__ = ["collector_paused", "large_batch"]


class _WhileAnyRuns:
    """A process-wide setting changed while at least one batch runs, on any thread: the first
    batch to start changes it, the last one to end puts back what was there before the first.
    (Each batch putting back what it found would leave the setting changed for good when two
    batches overlap on a server's threads.)"""

    def __init__(self, change: Callable[[], Callable[[], None]]) -> None:
        self._change = change  # makes the change, returns how to undo it
        self._lock = threading.Lock()
        self._running = 0
        self._undo: Callable[[], None] | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                self._undo = self._change()
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0 and self._undo is not None:
                    self._undo()
                    self._undo = None


def _pause_collector() -> Callable[[], None]:
    if not gc.isenabled():
        return lambda: None  # the process keeps it off itself
    gc.disable()
    return gc.enable


def _system_allocator() -> Callable[[], None]:
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    return lambda: pa.set_memory_pool(previous)


_COLLECTOR = _WhileAnyRuns(_pause_collector)
_ALLOCATOR = _WhileAnyRuns(_system_allocator)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while this batch (and any other) runs."""
    with _COLLECTOR.held():
        yield


@contextmanager
def large_batch() -> Iterator[None]:
    """The collector paused and Arrow on the system allocator, for the length of one batch."""
    with _ALLOCATOR.held(), _COLLECTOR.held():
        yield
