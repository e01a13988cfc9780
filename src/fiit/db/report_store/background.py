"""The background builder as a process of its own, at low priority (issue 16).

Under ``fiit serve`` a report build used to run as a thread of a server worker.
It shared that worker's interpreter lock with the requests it served: while the
demo's sixty reports were built (minutes, PDFs included), the worker that built
them answered slowly, and on a 2-CPU machine the build took CPU the pages needed
(the load run delivered 88–97 requests/s with a build under way, 127 without).

Now the worker starts ``python -m fiit.db.report_store.background`` with the
same environment (database, key file, mode) and the store's build lock, taken
for it (one builder across processes, as before). The child lowers its own
priority (``nice`` +10: under contention the kernel gives it about a tenth of
what a page gets), builds, and exits. It ends itself when the worker that started it is gone, so
stopping the server does not leave a build behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

#: How much lower than the server the builder runs (``nice`` increment).
NICENESS = 10
#: How often the builder checks that the worker that started it is still there (seconds).
PARENT_CHECK_SECONDS = 2.0

_child: subprocess.Popen | None = None
_child_lock = threading.Lock()


def command(study_name: str | None = None) -> list[str]:
    """The builder's command line (this interpreter, this fiit)."""
    return [sys.executable, "-m", "fiit.db.report_store.background", *(["--study", study_name] if study_name else [])]


def _take_lock():
    """The store's build lock, taken without waiting (an open file), or None when a builder holds it."""
    import fcntl

    from fiit.db.report_store.store import store_root

    root = store_root()
    root.mkdir(parents=True, exist_ok=True)
    lock = open(root / "build.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    return lock


def spawn(study_name: str | None = None) -> bool:
    """Start the builder process unless this process's last one still runs or another builder holds the
    lock; True when one was started.

    The lock is taken here and handed to the child (its open file is inherited): of several workers that
    see the same change at once, one starts a builder and the others start nothing, and a change made while
    a build runs starts no process (the running build starts over when the data change)."""
    global _child
    with _child_lock:
        if _child is not None and _child.poll() is None:
            return False
        _child = None  # reaped (poll) above
        lock = _take_lock()
        if lock is None:
            return False
        with lock:  # the child keeps the lock through its own copy of the file; this process's copy closes
            env = dict(os.environ, FIIT_REPORT_BACKGROUND="0", FIIT_BUILDER_PARENT=str(os.getpid()),
                       FIIT_BUILDER_LOCK_FD=str(lock.fileno()))
            _child = subprocess.Popen(command(study_name), env=env, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, close_fds=True, pass_fds=(lock.fileno(),))
        return True


def stop() -> None:
    """End this process's builder, if it runs (a worker shutting down)."""
    with _child_lock:
        if _child is not None and _child.poll() is None:
            _child.terminate()


def _follow_parent(parent: int) -> None:
    """End this process when ``parent`` is gone (the worker stopped, or was killed)."""
    import time

    def loop() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(0)  # nothing to tidy: reports are written atomically, the lock goes with the process

    threading.Thread(target=loop, name="fiit-builder-parent", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="fiit-report-builder", description=__doc__.splitlines()[0])
    parser.add_argument("--study", default=None)
    args = parser.parse_args(argv)
    os.nice(NICENESS)
    parent = os.environ.get("FIIT_BUILDER_PARENT")
    if parent and parent.isdigit():
        _follow_parent(int(parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fiit.web.settings")
    import django

    django.setup()
    from fiit.db.report_store.builder import build_holding_lock, build_under_lock

    handed = os.environ.get("FIIT_BUILDER_LOCK_FD", "")
    if handed.isdigit():  # the worker took the build lock for this process: hold it until the end
        with open(int(handed), "w", closefd=True):
            build_holding_lock(args.study)
    else:
        build_under_lock(args.study)
    return 0


if __name__ == "__main__":
    sys.exit(main())
