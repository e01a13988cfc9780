"""Settings for the test suite: FIIT_MODE=test, database from FIIT_TEST_DATABASE_URL or SQLite."""

import os
import tempfile

os.environ["FIIT_MODE"] = "test"
if os.environ.get("FIIT_TEST_DATABASE_URL"):
    os.environ["FIIT_DATABASE_URL"] = os.environ["FIIT_TEST_DATABASE_URL"]
else:
    os.environ["FIIT_DATABASE_URL"] = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="fiit-test-"), "fiit.sqlite3")

from fiit.web.settings import *  # noqa: E402,F401,F403
from fiit.web.settings import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not the in-memory default, so the tests see WAL mode and the files on disk.
    DATABASES["default"]["TEST"] = {"NAME": DATABASES["default"]["NAME"].replace(".sqlite3", "-test.sqlite3")}
