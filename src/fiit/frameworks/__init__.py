"""Country frameworks: what the FIIT report's Annex 2 says about Belgium, France,
Hungary, Italy and the United Kingdom, as checked data (pure core)."""

from fiit.frameworks.loader import (
    LoadResult,
    framework_from_dict,
    load_framework,
    load_framework_file,
    load_framework_text,
    load_frameworks,
)
from fiit.frameworks.model import (
    COUNTRY_CODES,
    CountRow,
    CountryFramework,
    CountSeries,
    Fact,
    FrameworkError,
)
from fiit.frameworks.totals import TotalCheck, check_totals

__all__ = [
    "COUNTRY_CODES",
    "CountRow",
    "CountSeries",
    "CountryFramework",
    "Fact",
    "FrameworkError",
    "LoadResult",
    "TotalCheck",
    "check_totals",
    "framework_from_dict",
    "load_framework",
    "load_framework_file",
    "load_framework_text",
    "load_frameworks",
]
