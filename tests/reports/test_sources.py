"""Sources of framework values, in the report's language."""

import re

import pytest

from fiit.frameworks import load_frameworks
from fiit.reports.frameworks import short_sources
from fiit.reports.sources import NAMES, place


def test_places_in_each_language():
    assert place("Chapter 'Status', section 'Italy'", "en") == "Chapter 'Status', section 'Italy'"
    assert place("Chapter 'Status', section 'Italy'", "it") == "Capitolo «Status giuridico», sezione «Italia»"
    assert place("Annex 2, table 'Residence permits issued'", "nl") == "Bijlage 2, tabel ‘Afgegeven verblijfsvergunningen’"
    assert place("Chapter 'Shelter'", "hu") == "„Szálláshely” fejezet"
    assert place("Annex 2, table 'Residence permits issued'", "fr") == \
        "Annexe 2, tableau «\u00a0Titres de séjour délivrés\u00a0»"


def test_an_unknown_name_or_form_stays_as_written():
    assert place("Chapter 'Something new'", "nl") == "Hoofdstuk ‘Something new’"
    assert place("Interview with the ministry, 2013", "fr") == "Interview with the ministry, 2013"


@pytest.mark.parametrize("lang", ["nl", "fr", "it", "hu"])
def test_every_place_named_in_the_shipped_frameworks_is_translated(lang):
    frameworks = load_frameworks()
    sources = set()

    def collect(obj):
        if hasattr(obj, "source") and isinstance(getattr(obj, "source"), str):
            sources.add(obj.source)
        if hasattr(obj, "__dataclass_fields__"):
            for name in obj.__dataclass_fields__:
                collect(getattr(obj, name))
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                collect(item)
        elif isinstance(obj, dict):
            for item in obj.values():
                collect(item)

    for fw in frameworks.values():
        collect(fw)
    assert len(sources) > 20
    for source in sources:
        out = short_sources([source], lang)
        names = re.findall(r"'([^']+)'", source.split(" (seed")[0])
        for name in names:
            assert name in NAMES, f"no translation for {name!r}"
            assert NAMES[name][lang] in out, (name, out)
