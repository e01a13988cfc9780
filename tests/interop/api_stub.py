"""A local stand-in for KoboToolbox's data API and ODK Central's OData feed, on loopback only.

It replays responses shaped as the two APIs document them (Kobo: ``count``,
``next``, ``previous``, ``results``; Central: ``@odata.context``, ``value``,
``@odata.nextLink``), paged by the query the client sends, checks the
``Authorization`` header, and can fail a page once to cut a pull off.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ApiStub:
    def __init__(self, kind: str, records: list[dict], token: str, *, page_size: int = 3, fail_page: int | None = None):
        self.kind, self.records, self.token, self.page_size = kind, records, token, page_size
        self.fail_page = fail_page  # 1-based page answered once with 503
        self.requests: list[tuple[str, str]] = []  # (path with query, Authorization header)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                stub.requests.append((self.path, self.headers.get("Authorization", "")))
                scheme = "Token" if stub.kind == "kobo" else "Bearer"
                if self.headers.get("Authorization") != f"{scheme} {stub.token}":
                    return self._send(401, {"detail": "Invalid token."})
                parts = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parts.query))
                if stub.kind == "kobo":
                    start, limit = int(query.get("start", 0)), int(query.get("limit", 100))
                else:
                    start, limit = int(query.get("$skip", 0)), int(query.get("$top", 100))
                limit = min(limit, stub.page_size)  # the server's own page size wins, as on the real servers
                page = start // limit + 1
                if stub.fail_page == page:
                    stub.fail_page = None
                    return self._send(503, {"detail": "Service unavailable"})
                chunk = stub.records[start:start + limit]
                more = start + limit < len(stub.records)
                base = f"http://{self.headers['Host']}{parts.path}"
                if stub.kind == "kobo":
                    nxt = dict(query, start=str(start + limit), limit=str(limit))
                    body = {"count": len(stub.records), "next": f"{base}?{urllib.parse.urlencode(nxt)}" if more else None,
                            "previous": None, "results": chunk}
                else:
                    nxt = dict(query, **{"$skip": str(start + limit), "$top": str(limit)})
                    body = {"@odata.context": f"{base}/$metadata#Submissions", "value": chunk}
                    if "$count" in query:
                        body["@odata.count"] = len(stub.records)
                    if more:
                        body["@odata.nextLink"] = f"{base}?{urllib.parse.urlencode(nxt)}"
                return self._send(200, body)

            def _send(self, status, body):
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def kobo_records(instrument, submissions) -> list[dict]:
    """Submissions as KoboToolbox's data API returns them (XML paths as keys, Kobo's bookkeeping fields)."""
    from fiit.interop.forms.layout import form_layout
    from tests.interop.samples import kobo_header, kobo_rows

    layout = form_layout(instrument)
    header = kobo_header(layout, "summary")
    records = []
    for index, row in enumerate(kobo_rows(layout, submissions, "summary"), start=1):
        record = {h: v for h, v in zip(header, row) if v not in ("", None) and not h.startswith("_")}
        uuid = dict(zip(header, row))["_uuid"]
        record.update({"_id": 500 + index, "_uuid": uuid, "meta/instanceID": f"uuid:{uuid}",
                       "_submission_time": "2024-03-02T10:00:00", "_validation_status": {},
                       "_attachments": [], "_notes": [], "_tags": [], "_status": "submitted_via_web",
                       "__version__": "v1", "formhub/uuid": "abc"})
        records.append(record)
    return records


def odk_records(instrument, submissions, tmp_path) -> list[dict]:
    """Submissions as Central's OData feed returns them (groups nested, __id and __system)."""
    import csv

    from tests.interop.samples import write_odk_csv

    path = write_odk_csv(tmp_path / "for-odata.csv", instrument, submissions)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = []
    for row in rows:
        record: dict = {"__id": row["KEY"], "__system": {
            "submissionDate": row["SubmissionDate"], "reviewState": row["ReviewState"] or None,
            "formVersion": row["FormVersion"], "submitterId": "5", "submitterName": "Interviewer 5"}}
        for column, value in row.items():
            if column in ("KEY", "SubmissionDate", "ReviewState", "FormVersion", "SubmitterID", "SubmitterName",
                          "AttachmentsPresent", "AttachmentsExpected", "Status", "DeviceID", "Edits") or value == "":
                continue
            node = record
            parts = column.split("-")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = int(value) if value.isdigit() and parts[-1].endswith("scale") else value
        records.append(record)
    return records
