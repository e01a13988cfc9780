"""A small, complete country framework as plain data (the shape of CountryFramework.to_dict()).

Written by hand for the web tests, so they do not depend on the shipped data files.
The permit series adds up to 30 while 31 is printed: a mismatch the pages must show.
"""

from __future__ import annotations

from fiit.frameworks.model import ACCESS_ROUTES, SERVICE_KEYS


def fact(value, source, note=None, text=None):
    return {"value": value, "source": source, "note": note, "text": text or {}}


def group(prefix: str) -> dict:
    return {
        "public_provider": fact(True, f"{prefix} public provider source", text={"en": "Local authorities.", "nl": "Lokale overheden."}),
        "private_provider": fact(True, f"{prefix} private provider source"),
        "services": {key: fact(key != "other", f"{prefix} services source") for key in SERVICE_KEYS},
        "assisted_voluntary_return": fact(None, f"{prefix} AVR source", note=f"{prefix}: the table's AVR mark is unreadable."),
    }


def framework_dict(code: str, name: dict, **changes) -> dict:
    data = {
        "code": code,
        "name": dict(name),
        "seed": "Test seed, Annex 2",
        "reflection_period": {
            "days": fact(45, f"{code} reflection source, line 857"),
            "formal": fact(True, f"{code} formal source"),
            "applied": fact(None, f"{code} applied source", note=f"{code}: practice not described."),
        },
        "legal_status_access": {route: fact(route != "refugee_status", f"{code} {route} source") for route in ACCESS_ROUTES},
        "permit": {
            "stages": [
                {"name": {"en": "Temporary permit", "nl": "Tijdelijke vergunning"},
                 "duration_months": fact(6, f"{code} stage source")},
            ],
            "renewal": fact(True, f"{code} renewal source", text={"en": "Every six months.", "nl": "Telkens zes maanden."}),
            "conversion": fact(False, f"{code} conversion source"),
        },
        "permits_issued": [{
            "table": "permits_issued",
            "category": "specific_legislation",
            "label": {"en": "Specific legislation", "nl": "Specifieke wetgeving"},
            "rows": [
                {"period": "2009", "value": 10, "note": None},
                {"period": "2010", "value": 20, "note": None},
                {"period": "2011", "value": None, "note": "Not printed."},
            ],
            "printed_total": 31,
            "source": f"{code} permits table source",
            "note": None,
        }],
        "identified_victims": [],
        "victims_by_gender": [
            {"table": "victims_by_gender", "category": "female", "label": {"en": "Female", "nl": "Vrouwelijk"},
             "rows": [{"period": "2010", "value": 7, "note": None}], "printed_total": 7,
             "source": f"{code} gender source", "note": None},
            {"table": "victims_by_gender", "category": "male", "label": {"en": "Male", "nl": "Mannelijk"},
             "rows": [{"period": "2010", "value": 5, "note": None}], "printed_total": 5,
             "source": f"{code} gender source", "note": None},
        ],
        "victims_by_exploitation": [],
        "narrative_figures": [],
        "third_country": group("third-country"),
        "eu": group("EU"),
    }
    data.update(changes)
    return data
