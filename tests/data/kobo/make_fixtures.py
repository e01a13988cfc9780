"""Make the KoboToolbox export fixtures with formpack, KoboToolbox's own exporter.

Two steps, two Python environments (formpack is never a fiit dependency):

    # 1. in fiit's environment: the XLSForm content and synthetic submissions as JSON
    .venv/bin/python tests/data/kobo/make_fixtures.py dump /tmp/kobo-input.json
    # 2. in a throwaway environment with formpack installed from its source
    python3 -m venv /tmp/fp && /tmp/fp/bin/pip install ./formpack python-dateutil
    /tmp/fp/bin/python tests/data/kobo/make_fixtures.py export /tmp/kobo-input.json tests/data/kobo

Step 1 lays out fiit's victim XLSForm (``xlsform_sheets``) as the survey and
choices content KoboToolbox stores for an asset, and writes synthetic
submissions (``tests/interop/samples.py``, a fixed seed, every answer made up)
as the JSON KoboToolbox keeps for each submission: XML paths as keys, choice
names, select-multiples space-separated, the interview's start with the
device's UTC offset. Step 2 exports them with formpack's ``Export`` the way
KoboToolbox's server does (kpi's copy fields, ``force_index``), once per
variant listed in :data:`VARIANTS`; ``README.md`` beside the fixtures says
which formpack commit made them. No formpack code is copied into fiit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 1515
COUNT = 12

# The fields kpi passes to formpack for every export (kpi's ExportObjectMixin.COPY_FIELDS; formpack's
# classes are named here as strings and looked up in formpack.schema.fields when exporting).
COPY_FIELDS = ("IdCopyField", "_uuid", "SubmissionTimeCopyField", "ValidationStatusCopyField", "NotesCopyField",
               "_status", "_submitted_by", "__version__", "TagsCopyField")

# name: (file type, lang, hierarchy_in_labels, group_sep, multiple_select, xls_types_as_text)
VARIANTS = {
    # What KoboToolbox gives when Export is clicked without changing anything.
    "kobo-default": ("xlsx", "English (en)", False, "/", "both", False),
    "kobo-labels-nl-groups": ("csv", "Nederlands (nl)", True, "/", "summary", True),
    "kobo-labels-fr-groups-dot": ("xlsx", "Français (fr)", True, ".", "details", True),
    "kobo-labels-it": ("csv", "Italiano (it)", False, "/", "both", True),
    "kobo-labels-hu-groups-dash": ("xlsx", "Magyar (hu)", True, "-", "both", False),
    "kobo-xml-groups": ("csv", False, True, "/", "both", True),
}


def dump(target: Path) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    sys.path.insert(0, str(HERE.parents[2]))
    from fiit.instruments import get_instrument
    from fiit.interop.forms.layout import NOTE, form_layout
    from fiit.interop.forms.xlsform import xlsform_sheets
    from fiit.vocabulary import vocabulary
    from tests.interop.samples import kobo_header, kobo_rows, sample_submissions

    instrument = get_instrument("victim")
    sheets = xlsform_sheets(instrument)
    layout = form_layout(instrument)
    zones = {c: ZoneInfo(z) for c, z in TIME_ZONES.items()}
    submissions = []
    generated = list(sample_submissions(instrument, COUNT, seed=SEED))
    # Each interview starts at a time of day in the country where it is held, with that zone's offset.
    local = [s.__class__(**{**s.__dict__, "started": s.started.astimezone(zones[s.country])}) for s in generated]
    header = kobo_header(layout, "summary")
    for index, (sample, row) in enumerate(zip(local, kobo_rows(layout, local, "summary")), start=1):
        record = {h: v for h, v in zip(header, row) if v not in ("", None) and not h.startswith("_")}
        submitted = sample.started.astimezone(dt.timezone.utc) + dt.timedelta(hours=2)
        record.update({
            "_id": 40000 + index, "_uuid": sample.uuid, "meta/instanceID": f"uuid:{sample.uuid}",
            "formhub/uuid": "0f3c1d2b9a8e4c7d", "__version__": "vQ9yZ3pWxCk2Ls8NmRt",
            "_xform_id_string": "aBcDeFgHiJkLmNoPqRsTuV", "_status": "submitted_via_web",
            "_submission_time": submitted.replace(tzinfo=None).isoformat(timespec="seconds"),
            "_validation_status": {}, "_notes": [], "_tags": [], "_attachments": [], "_geolocation": [None, None],
            "_submitted_by": None,
        })
        submissions.append(record)
    expected = [{"uuid": s.uuid, "country": s.country, "language": s.language, "answers": s.answers,
                 "started": s.started.isoformat(), "quotes": s.quotes, "follow_up": s.follow_up} for s in local]
    content = {"survey": sheets["survey"], "choices": sheets["choices"], "settings": sheets["settings"][0]}
    target.write_text(json.dumps({"content": content, "submissions": submissions, "expected": expected,
                                  "title": sheets["settings"][0]["form_title"],
                                  "id_string": sheets["settings"][0]["form_id"]},
                                 ensure_ascii=False, indent=1, default=str))
    vocabulary  # noqa: B018 (imported to fail early if fiit is not importable)


# The zone a device in each country reports its offset in (IANA names).
TIME_ZONES = {"BE": "Europe/Brussels", "FR": "Europe/Paris", "HU": "Europe/Budapest", "IT": "Europe/Rome",
              "GB": "Europe/London"}


def export(source: Path, folder: Path) -> None:
    import copy

    from formpack import FormPack
    from formpack.schema import fields

    copy_fields = tuple(getattr(fields, f) if f.endswith("CopyField") else f for f in COPY_FIELDS)

    data = json.loads(source.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    for name, (kind, lang, hierarchy, sep, multiple, as_text) in VARIANTS.items():
        pack = FormPack([{"content": copy.deepcopy(data["content"]), "version": "vQ9yZ3pWxCk2Ls8NmRt"}],
                        title=data["title"], id_string=data["id_string"])
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
    (folder / "expected.json").write_text(json.dumps(data["expected"], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(Path(sys.argv[2]))
    else:
        export(Path(sys.argv[2]), Path(sys.argv[3]))
