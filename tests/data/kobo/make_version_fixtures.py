"""Make KoboToolbox exports of a form deployed in two versions, with formpack, KoboToolbox's own exporter.

A study that moved from victim 1.1.0 to 1.2.0 in KoboToolbox, redeploying the
asset, downloads one export holding both: formpack lays out the columns of
every deployed version (the union) and reads each submission with the version
its ``__version__`` names (KoboToolbox's version uid). Both forms are fiit's
XLSForms, so each carries ``fiit_form_version`` (a calculate the device fills
in: it is in each submission's JSON, as KoboToolbox stores it).

Two steps, two Python environments, as ``make_fixtures.py`` (formpack is never a fiit dependency):

    .venv/bin/python tests/data/kobo/make_version_fixtures.py dump /tmp/kobo-versions.json
    /tmp/fp/bin/python tests/data/kobo/make_version_fixtures.py export /tmp/kobo-versions.json tests/data/kobo/versions

Synthetic submissions only (``tests/interop/samples.py``, fixed seeds). No formpack code is copied into fiit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# KoboToolbox's version uids of the two deployments (made up, shaped like KoboToolbox's).
UIDS = {"1.1.0": "vT4kLm8QwZr2Np6XsYb", "1.2.0": "vH7dRc3FgJx9Kq5VtWe"}
SEEDS = {"1.1.0": 1516, "1.2.0": 1517}
COUNT = 6
# name: (file type, lang, hierarchy_in_labels, group_sep, multiple_select, xls_types_as_text); see make_fixtures.py
VARIANTS = {
    "kobo-versions-xml": ("csv", False, True, "/", "both", True),
    "kobo-versions-default": ("xlsx", "English (en)", False, "/", "both", False),
}


def dump(target: Path) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    sys.path.insert(0, str(HERE.parents[2]))
    from fiit.instruments import get_instrument_version
    from fiit.interop.forms.layout import form_layout
    from fiit.interop.forms.xlsform import xlsform_sheets
    from tests.data.kobo.make_fixtures import TIME_ZONES
    from tests.interop.samples import kobo_header, kobo_rows, sample_submissions

    versions, submissions, expected = [], [], []
    for version, uid in UIDS.items():
        instrument = get_instrument_version("victim", version)
        sheets = xlsform_sheets(instrument)
        layout = form_layout(instrument)
        versions.append({"content": {"survey": sheets["survey"], "choices": sheets["choices"],
                                     "settings": sheets["settings"][0]}, "version": uid})
        generated = list(sample_submissions(instrument, COUNT, seed=SEEDS[version]))
        local = [s.__class__(**{**s.__dict__, "started": s.started.astimezone(ZoneInfo(TIME_ZONES[s.country]))})
                 for s in generated]
        header = kobo_header(layout, "summary")
        for sample, row in zip(local, kobo_rows(layout, local, "summary")):
            record = {h: v for h, v in zip(header, row) if v not in ("", None) and not h.startswith("_")}
            submitted = sample.started.astimezone(dt.timezone.utc) + dt.timedelta(hours=2)
            record.update({
                "_id": 50000 + len(submissions), "_uuid": sample.uuid, "meta/instanceID": f"uuid:{sample.uuid}",
                "formhub/uuid": "0f3c1d2b9a8e4c7d", "__version__": uid, "_status": "submitted_via_web",
                "_submission_time": submitted.replace(tzinfo=None).isoformat(timespec="seconds"),
                "_validation_status": {}, "_notes": [], "_tags": [], "_attachments": [],
                "_geolocation": [None, None], "_submitted_by": None,
            })
            submissions.append(record)
            expected.append({"uuid": sample.uuid, "version": version, "country": sample.country,
                             "answers": sample.answers})
    target.write_text(json.dumps({"versions": versions, "submissions": submissions, "expected": expected,
                                  "title": versions[-1]["content"]["settings"]["form_title"],
                                  "id_string": versions[-1]["content"]["settings"]["form_id"]},
                                 ensure_ascii=False, indent=1, default=str))


def export(source: Path, folder: Path) -> None:
    import copy

    from formpack import FormPack
    from formpack.schema import fields

    from make_fixtures import COPY_FIELDS  # beside this file

    copy_fields = tuple(getattr(fields, f) if f.endswith("CopyField") else f for f in COPY_FIELDS)
    data = json.loads(source.read_text())
    for name, (kind, lang, hierarchy, sep, multiple, as_text) in VARIANTS.items():
        pack = FormPack(copy.deepcopy(data["versions"]), title=data["title"], id_string=data["id_string"])
        export = pack.export(lang=lang, hierarchy_in_labels=hierarchy, group_sep=sep, multiple_select=multiple,
                             versions=pack.versions.keys(), copy_fields=copy_fields, force_index=True,
                             tag_cols_for_header=[], xls_types_as_text=as_text)
        submissions = copy.deepcopy(data["submissions"])
        path = folder / f"{name}.{kind}"
        if kind == "xlsx":
            export.to_xlsx(str(path), submissions)
        else:
            with path.open("w", encoding="utf-8", newline="") as handle:
                for line in export.to_csv(submissions):
                    handle.write(line + "\r\n")
        print("wrote", path)
    (folder / "expected-versions.json").write_text(json.dumps(data["expected"], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(Path(sys.argv[2]))
    else:
        sys.path.insert(0, str(HERE))
        export(Path(sys.argv[2]), Path(sys.argv[3]))
