"""Reading an export in a second process while the importing process stores what it has read.

An import spends about half of each row's time reading and checking it, and
the other half sealing and storing it. :func:`read_chunks_beside` runs
:func:`fiit.interop.reading.read_chunks` in a child process and hands its
messages over a bounded queue, so the two halves run on two cores at once. The
messages, their order, the row numbers and every error are the same as when
reading in the importing process; only the work is split.

* **Bounded memory:** the queue holds at most :data:`QUEUE_CHUNKS` chunks, so a
  reader that runs ahead waits, whatever the size of the file.
* **Errors travel:** an :class:`~fiit.interop.errors.InteropError` raised by the
  reader (a file refused half-way, say) is raised again in the importing
  process with the same message; any other failure becomes one with the
  reader's traceback, and a reader that dies says so.
* **Nothing left behind:** closing the iterator early (the store failed, the
  user pressed Ctrl-C) stops the child.

The child is started with ``spawn``: it imports only the pure core, never the
importing process's database connections or threads.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import traceback
from typing import Any, Iterator

from fiit.interop.errors import InteropError
from fiit.interop.reading import ReadPlan, collecting_less, read_chunks

# Chunks (of reading.CHUNK_ROWS rows) the reader may run ahead of the store.
QUEUE_CHUNKS = 8
# Files smaller than this are read in the importing process: starting a process costs more than it saves.
BACKGROUND_MIN_BYTES = 2 << 20
# How often the importing process checks that a silent reader is still alive (seconds).
POLL_SECONDS = 1.0

_DONE = "done"
_FAILED = "failed"


class ReaderFailed(InteropError):
    """The reader process failed in a way that is not a problem with the file."""


def worth_a_process(plan: ReadPlan) -> bool:
    """Whether reading ``plan``'s file beside the import is likely to pay off on this machine."""
    return plan.checked.size >= BACKGROUND_MIN_BYTES and (os.cpu_count() or 1) > 1


def _read_into(plan: ReadPlan, out: Any) -> None:
    """The child process: read the file, put every message, then the end (or the failure)."""
    # Ctrl-C reaches the whole process group; the importing process decides, and stops this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with collecting_less():
            for message in read_chunks(plan):
                out.put(message)
    except InteropError as exc:
        out.put((_FAILED, (type(exc), str(exc))))
    except BaseException:  # a bug in the reader: carry the traceback to the importing process
        out.put((_FAILED, (ReaderFailed, "Reading the file failed in the reader process:\n" + traceback.format_exc())))
    else:
        out.put((_DONE, None))
    out.close()
    out.join_thread()


def read_chunks_beside(plan: ReadPlan) -> Iterator[tuple[str, Any]]:
    """The messages of :func:`~fiit.interop.reading.read_chunks`, read in a child process."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue(maxsize=QUEUE_CHUNKS)
    reader = context.Process(target=_read_into, args=(plan, messages), name="fiit-import-reader", daemon=True)
    reader.start()
    try:
        while True:
            try:
                kind, payload = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not reader.is_alive():
                    raise ReaderFailed(
                        f"The reader process stopped without finishing the file (exit code {reader.exitcode})."
                    ) from None
                continue
            if kind == _DONE:
                break
            if kind == _FAILED:
                error_type, message = payload
                raise error_type(message)
            yield kind, payload
        reader.join()
    finally:
        if reader.is_alive():
            reader.terminate()
            reader.join()
        messages.close()
        messages.cancel_join_thread()
