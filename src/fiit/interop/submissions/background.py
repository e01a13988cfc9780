"""Reading an export in a second process while the importing process stores what it has read.

An import spends about half of each row's time reading, checking and sealing
it, and the other half storing it. :func:`read_chunks_beside` runs
:func:`fiit.interop.submissions.reading.read_chunks` in a child Python process and hands
its messages back, so the two halves run on two cores at once. The messages,
their order, the row numbers and every error are the same as when reading in
the importing process; only the work is split.

* **A plain child process:** ``python -c`` importing only this module (the pure
  core), never the importing program's own script: ``multiprocessing``'s
  ``spawn`` would run a caller's unguarded script again in the child. The
  plan goes to the child's standard input, the messages come back pickled on
  its standard output (a pipe between the two processes, nothing on disk).
* **Bounded memory:** a thread of the importing process unpickles the
  messages into a queue of at most :data:`QUEUE_CHUNKS` chunks; when it is
  full, the pipe fills and the reader waits, whatever the size of the file.
* **Errors travel:** an :class:`~fiit.interop.errors.InteropError` raised by the
  reader (a file refused half-way, say) is raised again in the importing
  process with the same message; any other failure becomes one with the
  reader's traceback, and a reader that dies says so.
* **Nothing left behind:** closing the iterator early (the store failed, the
  user pressed Ctrl-C) stops the child; the child ignores Ctrl-C itself.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import Any, BinaryIO, Iterator

import fiit
from fiit.interop.errors import InteropError
from fiit.interop.submissions.reading import ReadPlan, collecting_less, read_chunks

# Chunks (of reading.CHUNK_ROWS rows) the reader may run ahead of the store.
QUEUE_CHUNKS = 8
# Files smaller than this are read in the importing process: starting a process costs more than it saves.
BACKGROUND_MIN_BYTES = 2 << 20

_DONE = "done"
_FAILED = "failed"
_ENDED = "ended"  # the pipe closed: the reader exited (after _DONE or not)
_BOOT = "from fiit.interop.submissions.background import serve; serve()"


class ReaderFailed(InteropError):
    """The reader process failed in a way that is not a problem with the file."""


def worth_a_process(plan: ReadPlan) -> bool:
    """Whether reading ``plan``'s file beside the import is likely to pay off on this machine."""
    if plan.form_key is not None:
        return False  # a private key is never handed to another process
    return plan.checked.size >= BACKGROUND_MIN_BYTES and (os.cpu_count() or 1) > 1


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """The reader process: read the plan, then write every message, then the end (or the failure)."""
    # Ctrl-C reaches the whole process group; the importing process decides, and stops this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    source = stdin or sys.stdin.buffer
    out = stdout or sys.stdout.buffer
    plan = pickle.load(source)
    try:
        with collecting_less():
            for message in read_chunks(plan):
                pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    except InteropError as exc:
        pickle.dump((_FAILED, (type(exc), str(exc))), out, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a bug in the reader: carry the traceback to the importing process
        message = "Reading the file failed in the reader process:\n" + traceback.format_exc()
        pickle.dump((_FAILED, (ReaderFailed, message)), out, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        pickle.dump((_DONE, None), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _child_environment() -> dict[str, str]:
    """The importing process's environment, importing from where it imports: fiit's folder, then its path."""
    env = dict(os.environ)
    root = str(Path(fiit.__file__).resolve().parent.parent)
    paths = [root, *(p for p in sys.path if p and p != root)]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def _put(messages: queue.Queue, message: Any, stop: threading.Event) -> bool:
    """Put a message in the bounded queue, waiting for room, unless told to stop; True if it went in."""
    while not stop.is_set():
        try:
            messages.put(message, timeout=0.2)
            return True
        except queue.Full:
            continue
    return False


def _pump(pipe: BinaryIO, messages: queue.Queue, stop: threading.Event) -> None:
    """Unpickle the reader's messages into the bounded queue until the pipe closes (or we are told to stop)."""
    try:
        while True:
            try:
                message = pickle.load(pipe)
            except (EOFError, OSError, pickle.UnpicklingError, ValueError):
                break
            if not _put(messages, message, stop) or message[0] in (_DONE, _FAILED):
                return
    finally:
        _put(messages, (_ENDED, None), stop)


def read_chunks_beside(plan: ReadPlan) -> Iterator[tuple[str, Any]]:
    """The messages of :func:`~fiit.interop.submissions.reading.read_chunks`, read in a child process."""
    reader = subprocess.Popen(
        [sys.executable, "-c", _BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env=_child_environment(), close_fds=True,
    )
    messages: queue.Queue = queue.Queue(maxsize=QUEUE_CHUNKS)
    stop = threading.Event()
    pump = threading.Thread(target=_pump, args=(reader.stdout, messages, stop), name="fiit-import-pump", daemon=True)
    try:
        try:
            pickle.dump(plan, reader.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            reader.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # the reader is gone already; the pump reports it
        pump.start()
        while True:
            kind, payload = messages.get()
            if kind == _DONE:
                break
            if kind == _FAILED:
                error_type, message = payload
                raise error_type(message)
            if kind == _ENDED:
                code = reader.wait()
                raise ReaderFailed(f"The reader process stopped without finishing the file (exit code {code}).")
            yield kind, payload
        reader.wait()
    finally:
        stop.set()
        if reader.poll() is None:
            reader.terminate()
            reader.wait()
        if pump.is_alive():
            pump.join()  # the pipe is closed at the other end now: the pump sees its end
        for pipe in (reader.stdin, reader.stdout):
            if pipe is not None and not pipe.closed:
                try:
                    pipe.close()
                except OSError:
                    pass
