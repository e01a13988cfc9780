"""`fiit serve`: starts on an existing demo database with the demo's key, refuses to start without a key file."""

import http.cookiejar
import re
import subprocess
import urllib.parse
import urllib.request

from .conftest import FIIT, run_fiit, wait_for_listener


def test_serve_without_a_key_file_refuses_to_start(tmp_path):
    result = run_fiit("--db", str(tmp_path / "empty.sqlite3"), "serve", "--demo", "--port", "0",
                      home=tmp_path / "config", timeout=120)  # a server that starts never returns: a timeout
    assert result.returncode != 0
    assert "No key file" in result.stderr
    assert "serving" not in result.stdout


def test_serve_reuses_the_demo_key_and_a_demo_login_works(demo_db, tmp_path):
    import json
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
    env["XDG_CONFIG_HOME"] = str(demo_db["home"])
    # Port 0 and the server's own "listening on" line: no port picked in advance that another test (or
    # another pytest worker) could take meanwhile, and no fixed number of knocks while a busy machine loads.
    out_path, err_path = tmp_path / "server.out", tmp_path / "server.err"
    with out_path.open("w") as out, err_path.open("w") as err:  # files, not pipes: nothing can block
        server = subprocess.Popen([FIIT, "--db", str(demo_db["db"]), "serve", "--demo", "--port", "0"],
                                  stdout=out, stderr=err, env=env)
    try:
        base = wait_for_listener(server, out_path, err_path)
        assert "serving on" in out_path.read_text()
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/login/").read().decode()
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
