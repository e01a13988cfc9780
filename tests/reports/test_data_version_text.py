"""The data version reads the interviews through the driver (issue 16): the key is what the queryset gave.

Keys name stored reports and kept ``fiit stats`` output; a key that changed with
the way it is read would throw them all away. The reference is the queryset's
values (Django's converters: aware datetimes, booleans) as JSON text.
"""

from __future__ import annotations

import json

import pytest

from fiit.db.report_store.store import _driver_rows, _text

pytestmark = pytest.mark.django_db


def test_interviews_read_through_the_driver_give_the_querysets_text(tmp_path, demo_template):
    study = demo_template.copy_into(tmp_path).study
    rows = study.interviews.filter(status="final").order_by("pk").values_list(
        "pk", "updated_at", "consent_quotes", "key_id")
    by_queryset = list(rows)
    assert len(by_queryset) > 20 and all(r[1].tzinfo is not None for r in by_queryset)
    assert {r[2] for r in by_queryset} <= {True, False}
    assert json.dumps(_driver_rows(rows), default=_text) == json.dumps(by_queryset, default=str)
