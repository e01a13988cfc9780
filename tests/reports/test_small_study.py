"""A small study (issue 14, L3): a breakdown that cannot be protected is left out whole and named in the
methods note; the report, its page and the CLI never fail with a disclosure error."""

from __future__ import annotations

import pytest

from fiit.analysis import DisclosureContext
from fiit.analysis.disclosure import PUBLIC_K


@pytest.fixture
def small_study(db, tmp_path, demo_template):
    """The demo with two victims left (France's 23 and the rest deleted): too few to split by group."""
    from fiit.db.models import Interview

    demo = demo_template.copy_into(tmp_path)  # what build_demo writes (tests/support/demo_copy.py)
    keyfile, study = demo.keyfile, demo.study
    victims = list(Interview.objects.filter(study=study, instrument__instrument_id="victim", country_id="BE")
                   .order_by("pk").values_list("pk", flat=True))
    Interview.objects.filter(study=study, instrument__instrument_id="victim").exclude(pk__in=victims[:2]).delete()
    return study, keyfile


def _methods_text(report) -> str:
    from fiit.reports.model import Paragraph

    def walk(section):
        yield section
        for child in section.sections:
            yield from walk(child)

    methods = next(s for top in report.sections for s in walk(top) if s.id == "methods")
    return "\n".join(b.text for b in methods.blocks if isinstance(b, Paragraph))


def test_the_unprotectable_breakdowns_are_named_not_raised(small_study):
    from fiit.db.report_data import report_inputs
    from fiit.reports import build_report
    from fiit.reports.sections import withheld_name

    study, keyfile = small_study
    inputs = report_inputs(study, keyfile)
    frame = inputs.frames["victim"]
    assert len(frame) == 2 and set(frame["country"]) == {"BE"}
    # The comparative report's statistics (design counts published first, as the builder does): before the
    # fix, protecting the scale-by-gender table raised DisclosureError and every report page answered 500.
    from fiit.analysis import stats_document
    from fiit.analysis.counts import interviews_table
    from fiit.analysis.groups import countries_in

    countries = countries_in(inputs.frames.values(), extra=inputs.frameworks.keys())
    context = DisclosureContext(PUBLIC_K)
    context.publish(interviews_table(inputs.frames, countries))
    stats = stats_document(inputs.frames, context=context, countries=countries)
    assert "victim/age" in context.withheld        # two victims: no split by age band can be shown
    assert not [c for c in stats["counts"] if c["instrument"] == "victim" and (c["group"] or "").startswith("age=")
                and c["n"]]

    for country in (None, "BE"):
        for public in (False, True):
            report = build_report(inputs, country=country, lang="en", public=public)
            note = _methods_text(report)
            assert "Left out whole" in note, (country, public)
            assert withheld_name("victim/age", "en") in note
    assert withheld_name("victim/age", "en") == "Victims by age"
    assert withheld_name("a_scale/gender", "en") == "Overall integration by gender"
    assert withheld_name("a_scale/gender", "nl").endswith("naar geslacht")


def test_the_cli_writes_the_small_studys_report(small_study, tmp_path):
    from tests.support.cli import invoke

    study, keyfile = small_study
    result = invoke("--key-file", str(keyfile.path), "report", "--comparative", "--format", "html",
                    "--public", "-o", str(tmp_path / "written"))
    assert result.returncode == 0, result.stderr
    assert "Left out whole" in (tmp_path / "written" / "fiit-comparative-en-public.html").read_text(encoding="utf-8")
