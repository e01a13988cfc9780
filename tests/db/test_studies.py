"""One study-selection rule (fiit.db.studies) for every page and command."""

import pytest

from fiit.db.errors import NoStudy
from fiit.db.imports import StudyChoiceError
from fiit.db.models import Study
from fiit.db.studies import select_study

pytestmark = pytest.mark.django_db


def test_the_rule():
    with pytest.raises(NoStudy):
        select_study()
    demo = Study.objects.create(name="FIIT demo study (synthetic data)", synthetic=True)
    assert select_study() == demo  # nothing real yet: the demo
    with pytest.raises(NoStudy):
        select_study(real_only=True)  # an import never lands in the demo
    first = Study.objects.create(name="First")
    assert select_study() == first == select_study(refuse_ambiguous=True)  # a real study before the demo
    second = Study.objects.create(name="Second")
    assert select_study() == second  # a page reads the most recent
    with pytest.raises(StudyChoiceError, match="several studies"):
        select_study(refuse_ambiguous=True)  # a command that writes or exports does not guess
    assert select_study("First") == first and select_study(pk=demo.pk) == demo
    with pytest.raises(NoStudy, match="There is no study 'Third'."):
        select_study("Third")
