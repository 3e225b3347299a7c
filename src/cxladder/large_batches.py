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
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

__all__ = ["collector_paused", "large_batch"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector; switched back on after unless it was off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def large_batch() -> Iterator[None]:
    """The collector paused and Arrow on the system allocator, for the length of one batch."""
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        with collector_paused():
            yield
    finally:
        pa.set_memory_pool(previous)
