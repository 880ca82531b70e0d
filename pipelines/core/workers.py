"""Process pools whose workers die with the refresh that started them.

A spawned ProcessPoolExecutor worker holds both ends of its task queue, so when its
parent is killed (SIGKILL, out of memory) it waits for work forever and keeps the
parent's stdout open. Each worker watches its parent and exits when it is gone.
Workers are spawned, not forked: the caller may be a threaded Dagster run.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _start_worker(parent: int, initializer: Callable[[], None] | None) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if initializer is not None:
        initializer()


def spawn_pool(workers: int, initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(), initializer),
    )
