"""Serving the app with several worker processes (gunicorn), for ``fiit serve``.

One process with four threads shares one interpreter lock: measured on 2 CPUs
it delivered about 17 requests/s whatever the number of users (issue 16).
gunicorn, the standard process server for Django, forks ``workers`` processes
after loading the app once (``preload_app``: Django, the instruments and the
key file are loaded before the fork and shared copy-on-write), each with a few
threads (``gthread``) so that a slow request does not block its process.

Default: two workers per CPU, at most :data:`MAX_WORKERS` (each costs memory;
a team's server rarely has more than a few cores), with :data:`THREADS` threads
each. Measured with ``bench/bench_load.py`` on 2 CPUs at 10 clients (issue 16):
3 workers of 4 threads gave 19-29% of the trivial view's throughput and a p95
4.5-5.6x its; 4 of 2 gave 24-32% and 3.2-4.4x, 4 of 1 25-34% and 3.7-4.8x.
Threads of one process take turns at the interpreter lock, and handing it over
costs CPU; processes share nothing. Two threads each still let a worker answer
while its other request waits (a download, the database). SQLite takes writes from several processes
(WAL, a busy timeout and IMMEDIATE transactions: :mod:`fiit.db.config`);
database connections opened before the fork are closed so that no two
processes share one.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

MAX_WORKERS = 8
THREADS = 2
TIMEOUT = 120  # seconds; a PDF report built in a request may take long (until the report store)


def default_workers() -> int:
    return max(2, min(MAX_WORKERS, 2 * (os.cpu_count() or 1)))


class FiitServer(BaseApplication):
    def __init__(self, application, options: dict):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def _close_connections(_server) -> None:
    from django.db import connections

    connections.close_all()


def compile_templates() -> int:
    """Compile fiit's page templates once, before the workers fork: each worker would otherwise compile
    them again at its first requests (Django's cached template loader keeps them for the process)."""
    from pathlib import Path

    from django.template import engines

    engine = engines["django"]
    root = Path(__file__).resolve().parent / "templates"
    names = [str(path.relative_to(root)) for path in sorted(root.rglob("*.html"))]
    for name in names:
        engine.get_template(name)
    return len(names)


def freeze_loaded_objects() -> None:
    """Move every object alive now (Django, the URL patterns, the compiled templates, the instruments)
    out of the garbage collector's sight, before the workers fork (issue 16).

    They live as long as the process, yet each full collection walked them all (about 8% of a page's CPU
    was collection), and walking them wrote to the memory pages the workers share with the parent, so
    each worker ended up with its own copy. Objects made afterwards, a request's, are collected as before."""
    import gc

    gc.collect()
    gc.freeze()


def _ready(server) -> None:
    """The sockets are bound: say where (the real port, also when asked for port 0), then serve."""
    import sys

    _close_connections(server)
    compile_templates()
    freeze_loaded_objects()
    for listener in getattr(server, "LISTENERS", []):
        host, port = listener.sock.getsockname()[:2]
        print(f"fiit is listening on http://{host}:{port}/", file=sys.stdout, flush=True)


def _watch_reports(_server, _worker) -> None:
    """In each worker: rebuild stored reports in the background when data change, here or elsewhere (a
    command-line import or withdrawal); one builder across workers (:mod:`fiit.db.report_store`)."""
    from fiit.db import report_store

    if report_store.background_enabled():
        report_store.watch()


def _stop_builder(_server, _worker) -> None:
    """A worker that exits ends the report builder it started (the builder also ends itself without it)."""
    from fiit.db.report_store.background import stop

    stop()


def proxy_options(environ: dict | None = None) -> dict:
    """gunicorn's trust of a reverse proxy: X-Forwarded-Proto believed from FIIT_TRUSTED_PROXIES only.

    Without FIIT_BEHIND_PROXY=1 no address is trusted, so a client cannot claim HTTPS; with it, a request
    from a trusted proxy saying ``X-Forwarded-Proto: https`` is an HTTPS request (no redirect loop, HSTS
    sent) (issue 14, M6).
    """
    environ = os.environ if environ is None else environ
    if environ.get("FIIT_BEHIND_PROXY") != "1":
        return {"forwarded_allow_ips": "", "secure_scheme_headers": {}}
    return {"forwarded_allow_ips": environ.get("FIIT_TRUSTED_PROXIES", "127.0.0.1"),
            "secure_scheme_headers": {"X-FORWARDED-PROTO": "https"}}


def run_server(application, host: str, port: int, workers: int | None = None,
               threads: int = THREADS) -> None:
    """Serve ``application`` on host:port until stopped (SIGTERM or Ctrl+C)."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers or default_workers(),
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "timeout": TIMEOUT,
        "graceful_timeout": 20,
        "accesslog": None,  # no request log: URLs may carry record ids; nothing sensitive in logs
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "fiit",
        "when_ready": _ready,
        "pre_fork": lambda server, worker: _close_connections(server),
        "post_fork": _watch_reports,
        "worker_exit": _stop_builder,
        **proxy_options(),
    }
    FiitServer(application, options).run()
