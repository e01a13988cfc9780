"""`fiit pull` never follows a redirect: urllib would carry the API token to wherever the server points.

Found while mapping ASVS 15.3.2 (docs/asvs.md). Two loopback servers: the first answers 302 to the second,
which records any request it gets. Before the fix the second received "Authorization: Token ...".
"""

from __future__ import annotations

import http.server
import threading

import pytest

from fiit.interop.submissions.pull import PullError, http_fetch


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def serve(handler):
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_redirect_is_refused_and_the_token_goes_nowhere_else():
    elsewhere = serve(_Recorder)
    target = f"http://127.0.0.1:{elsewhere.server_port}/steal"

    class _Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()

        def log_message(self, *args):
            pass

    origin = serve(_Redirect)
    try:
        with pytest.raises(PullError, match="answered 302"):
            http_fetch(f"http://127.0.0.1:{origin.server_port}/api/v2/assets/x/data/",
                       {"Authorization": "Token SECRET-TOKEN"})
        assert _Recorder.seen == []
        # control: the recorder does record a direct request (the test can see a leak)
        http_fetch(target, {"Authorization": "Token SECRET-TOKEN"})
        assert _Recorder.seen and _Recorder.seen[0].get("Authorization") == "Token SECRET-TOKEN"
    finally:
        origin.shutdown()
        elsewhere.shutdown()
