"""docs/asvs.md maps every OWASP ASVS 5.0 level 1 and 2 requirement once, and every test it names exists.

The list of requirement ids (tests/data/asvs-5.0-level-2-ids.txt) was taken from the standard's own
source (github.com/OWASP/ASVS, 5.0/en, commit fe049861), not written by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "asvs.md"
IDS = ROOT / "tests" / "data" / "asvs-5.0-level-2-ids.txt"
STATUSES = {"met", "partly", "not met", "n/a"}


def rows() -> list[list[str]]:
    out = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\| \d+\.\d+\.\d+ \|", line):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            out.append(cells)
    return out


def test_every_level_1_and_2_requirement_is_mapped_once():
    wanted = [l.strip() for l in IDS.read_text().splitlines() if l.strip() and not l.startswith("#")]
    found = [r[0] for r in rows()]
    assert len(wanted) == 253
    assert sorted(found) == sorted(wanted) and len(found) == len(set(found))


def test_each_row_has_a_status_and_evidence_or_a_reason():
    for cells in rows():
        assert len(cells) == 5, cells
        rid, level, _text, status, evidence = cells
        assert level in ("1", "2") and status in STATUSES, cells
        assert len(evidence) > 5, cells  # a reason or evidence, never empty


def test_every_test_named_as_evidence_exists():
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"(tests/[\w/]+\.py)(?:::(\w+))?", text))
    assert len(named) > 40
    for path, test in named:
        file = ROOT / path
        assert file.is_file(), path
        if test:
            assert re.search(rf"def {test}\b", file.read_text(encoding="utf-8")), f"{path}::{test}"
    for folder in set(re.findall(r"(tests/\w+)(?=[ ,;)])", text)):
        assert (ROOT / folder).is_dir(), folder
