"""Pulling submissions straight from KoboToolbox's and ODK Central's APIs, page by page, into the import.

* KoboToolbox: the data API ``GET {server}/api/v2/assets/{uid}/data/?format=json``
  with ``Authorization: Token …``, paged by ``limit``/``start`` and its ``next``
  link, sorted by ``_id``; only submissions after the last ``_id`` fiit holds
  are asked for when that is known (``query={"_id": {"$gt": …}}``).
* ODK Central: the OData feed ``GET {server}/v1/projects/{n}/forms/{id}.svc/Submissions``
  with ``Authorization: Bearer …``, paged by ``$top`` and ``@odata.nextLink``.

Each page's submissions are laid out as the platform's export would lay them
out (XML paths joined by ``/`` for KoboToolbox, ``-`` for Central, the same
bookkeeping columns) and go through the same checks as a file; each page is
stored before the next is asked for, and submissions already stored are
skipped by their id. So a second pull adds nothing, and a pull cut off half-way
(:class:`PullInterrupted`) keeps what it stored and resumes where it stopped
when run again. The token is read from a file, sent only in the
``Authorization`` header, and never written to a message, a report or a log.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from fiit.instruments import Instrument
from fiit.interop.errors import InteropError
from fiit.interop.forms.layout import NOTE, form_layout
from fiit.interop.submissions import reading
from fiit.interop.submissions.columns import KOBO, ODK
from fiit.interop.submissions.filecheck import CheckedFile
from fiit.interop.submissions.readers import Table

PULLED = "pulled"
PAGE_SIZE = 500
TIMEOUT = 60
MAX_PAGE_BYTES = 64 << 20

Fetch = Callable[[str, dict[str, str]], bytes]


class PullError(InteropError):
    """The server could not be reached or did not answer as its API documents; nothing of the page is stored."""


class PullInterrupted(InteropError):
    """The pull stopped part-way; ``report`` says what was stored, and pulling again resumes."""

    def __init__(self, report, reason: str):
        self.report = report
        super().__init__(f"The pull stopped after {report.rows} submission(s) had been read ({report.imported} "
                         f"imported and stored): {reason} Pull again to fetch the rest; nothing is imported twice.")


def read_token(path: str | Path) -> str:
    """The API token from its file (first line, spaces trimmed); never shown."""
    try:
        token = Path(path).read_text(encoding="utf-8").strip().splitlines()[0].strip()
    except (OSError, UnicodeDecodeError, IndexError):
        raise InteropError(f"The token file {Path(path).name} cannot be read, or is empty.") from None
    if not token or any(ch.isspace() for ch in token):
        raise InteropError(f"The token file {Path(path).name} should hold the API token alone, on one line.")
    return token


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: urllib would send the request's headers, the API token included, to wherever
    the server points (another host too). A 3xx becomes an HTTPError, reported with the server's name."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def http_fetch(url: str, headers: dict[str, str]) -> bytes:
    """GET a URL (http or https only); a failure becomes a :class:`PullError` naming the server, not the token."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise PullError(f"'{parts.scheme}' is not a web address scheme fiit pulls from (http or https).")
    request = urllib.request.Request(url, headers={**headers, "Accept": "application/json"})
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:  # noqa: S310 (scheme checked)
            data = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        hint = " Check the token file." if exc.code in (401, 403) else ""
        raise PullError(f"{parts.netloc} answered {exc.code} ({exc.reason}).{hint}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PullError(f"{parts.netloc} could not be reached ({reason}).") from None
    if len(data) > MAX_PAGE_BYTES:
        raise PullError(f"A page from {parts.netloc} is larger than {MAX_PAGE_BYTES >> 20} MiB.")
    return data


def _json(data: bytes, where: str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise PullError(f"{where} did not answer with JSON as its API documents.") from None


def kobo_pages(server: str, asset: str, token: str, *, after_id: int | None = None, page_size: int = PAGE_SIZE,
               fetch: Fetch = http_fetch) -> Iterator[list[dict[str, Any]]]:
    """The asset's submissions, page by page, oldest ``_id`` first."""
    query = {"format": "json", "limit": str(page_size), "sort": json.dumps({"_id": 1})}
    if after_id is not None:
        query["query"] = json.dumps({"_id": {"$gt": after_id}})
    url = f"{server.rstrip('/')}/api/v2/assets/{urllib.parse.quote(asset)}/data/?{urllib.parse.urlencode(query)}"
    headers = {"Authorization": f"Token {token}"}
    while url:
        page = _json(fetch(url, headers), "KoboToolbox")
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise PullError("KoboToolbox's answer has no 'results' list: is the server a KoboToolbox server?")
        yield page["results"]
        url = page.get("next") or ""


def odk_pages(server: str, project: int | str, form: str, token: str, *, page_size: int = PAGE_SIZE,
              fetch: Fetch = http_fetch) -> Iterator[list[dict[str, Any]]]:
    """The form's submissions from Central's OData feed, page by page."""
    base = f"{server.rstrip('/')}/v1/projects/{urllib.parse.quote(str(project))}/forms/{urllib.parse.quote(form)}.svc"
    url = f"{base}/Submissions?{urllib.parse.urlencode({'$top': str(page_size), '$count': 'true'})}"
    headers = {"Authorization": f"Bearer {token}"}
    while url:
        page = _json(fetch(url, headers), "ODK Central")
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise PullError("ODK Central's answer has no 'value' list: is the server an ODK Central server?")
        yield page["value"]
        url = page.get("@odata.nextLink") or ""


# -- laying a page out as an export --------------------------------------------------------------------
def _flatten(value: Any, prefix: str, sep: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}{sep}{key}" if prefix else key, sep, out)
    elif isinstance(value, list):
        out[prefix] = " ".join(str(v) for v in value)
    elif value is not None:
        out[prefix] = "1" if value is True else "0" if value is False else str(value)


def _kobo_record(submission: dict[str, Any]) -> dict[str, str]:
    out = {key: ("" if value is None else str(value)) for key, value in submission.items()
           if not isinstance(value, (dict, list))}
    status = submission.get("_validation_status")
    if isinstance(status, dict):
        out["_validation_status"] = str(status.get("uid", ""))
    return out


def _odk_record(submission: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    system = submission.get("__system") or {}
    _flatten({k: v for k, v in submission.items() if not k.startswith("__")}, "", "-", out)
    out["KEY"] = str(submission.get("__id", ""))
    out["SubmissionDate"] = str(system.get("submissionDate") or "")
    out["ReviewState"] = str(system.get("reviewState") or "")
    out["FormVersion"] = str(system.get("formVersion") or "")
    if system.get("status"):
        out["Status"] = str(system["status"])
    return out


def page_table(instrument: Instrument, source: str, page: list[dict[str, Any]], first_row: int = 1) -> Table:
    """A page of API submissions as the table of an export of the same platform."""
    layout = form_layout(instrument)
    sep = "/" if source == KOBO else "-"
    header = [sep.join(f.path) for f in layout.fields() if f.kind != NOTE]
    if source == KOBO:
        records = [_kobo_record(s) for s in page]
        header += ["meta/instanceID", "_uuid", "_id", "_submission_time", "_validation_status"]
    else:
        records = [_odk_record(s) for s in page]
        header += ["meta-instanceID", "KEY", "SubmissionDate", "ReviewState", "FormVersion", "Status"]
    # Rows are numbered across pages, as the submissions' order in the pull (the first is 1).
    rows = [(index, [r.get(column, "") for column in header]) for index, r in enumerate(records, start=first_row)]
    return Table(header=header, rows=iter(rows), total=len(rows))


def pull(pages: Iterable[list[dict[str, Any]]], instrument: Instrument, source: str, store, *,
         known_countries: frozenset[str], hold_flagged: bool = False, where: str = "",
         forms: Sequence[Instrument] | None = None):
    """Import the pages as they come: each is checked and stored before the next is fetched.

    ``forms``: as for a file (:func:`fiit.interop.submissions.importing.import_file`), each submission is read
    with the version it names (``fiit_form_version``, or Central's ``__system/formVersion``); one that names
    none is read as ``instrument`` (an API page has every column of the form, so the columns cannot tell).
    """
    from fiit.interop.submissions.importing import ImportReport, _import_rows

    report = ImportReport(source=source, instrument=instrument.key)
    known = store.stored_ids()
    digest = hashlib.sha256(where.encode("utf-8"))
    pages = iter(pages)
    while True:
        try:
            page = next(pages)
        except StopIteration:
            break
        except PullError as exc:
            raise PullInterrupted(report, str(exc)) from None
        digest.update(json.dumps(page, sort_keys=True, default=str).encode("utf-8"))
        checked = CheckedFile(path=Path(f"{source}-api"), kind=PULLED, sha256=digest.hexdigest(), size=0,
                              lines=len(page) + 1)
        plan = reading.ReadPlan(checked=checked, instrument=instrument, source=source,
                                known_countries=known_countries, known=known, prepare=store.preparer(),
                                hold_flagged=hold_flagged, forms=tuple(forms) if forms and len(forms) > 1 else (),
                                table=page_table(instrument, source, page, first_row=report.rows + 1))
        _import_rows(reading.read_chunks(plan), instrument, store, report, None, 500)
        known = store.stored_ids()
    report.file_sha256 = digest.hexdigest()
    return report
