"""`fiit serve`: starts on an existing demo database with the demo's key, refuses to start without a key file."""

import http.cookiejar
import re
import socket
import subprocess
import urllib.parse
import urllib.request

from .conftest import FIIT, run_fiit


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _first_page(opener, url: str) -> str:
    """The page, once the server listens (it says it serves just before it binds the port)."""
    import time
    import urllib.error

    for _ in range(100):
        try:
            return opener.open(url).read().decode()
        except urllib.error.URLError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens at {url}")


def test_serve_without_a_key_file_refuses_to_start(tmp_path):
    result = run_fiit("--db", str(tmp_path / "empty.sqlite3"), "serve", "--demo", "--port", str(_free_port()),
                      home=tmp_path / "config", timeout=120)  # a server that starts never returns: a timeout
    assert result.returncode != 0
    assert "No key file" in result.stderr
    assert "serving" not in result.stdout


def test_serve_reuses_the_demo_key_and_a_demo_login_works(demo_db):
    import json
    import os

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
    env["XDG_CONFIG_HOME"] = str(demo_db["home"])
    server = subprocess.Popen([FIIT, "--db", str(demo_db["db"]), "serve", "--demo", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = server.stdout.readline()
        assert "serving on" in line, server.stderr.read()
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{port}"
        page = _first_page(opener, f"{base}/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        logins = json.loads((demo_db["db"].parent / "demo-logins.json").read_text())
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "viewer",
                                       "password": logins["viewer"]}).encode()
        request = urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": f"{base}/login/"})
        response = opener.open(request)  # follows the redirect after signing in
        assert response.status == 200
        assert "/login/" not in response.url
    finally:
        server.terminate()
        server.wait(timeout=30)
