"""``{% fragment %}`` (fiit.web.templatetags.fiit_fragments) keeps what Django's ``{% cache None %}`` kept."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.template import engines
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation

from fiit.web.templatetags import fiit_fragments

BODY = '<a href="{% url "capture-list" %}">{% translate "Interviews" %}</a> {{ count }} {{ flag }}'


def draw(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture(autouse=True)
def fresh():
    before = get_script_prefix()
    fiit_fragments.forget_all()
    cache.clear()
    yield
    set_script_prefix(before)
    fiit_fragments.forget_all()
    cache.clear()


class Counter:
    def __init__(self):
        self.n = 0

    def __str__(self) -> str:
        self.n += 1
        return str(self.n)


def test_a_fragment_is_drawn_once_per_value_of_what_it_varies_on():
    counter = Counter()
    source = "{% load i18n fiit_fragments %}{% fragment probe flag %}" + BODY + "{% endfragment %}"
    first = draw(source, count=counter, flag="a")
    assert draw(source, count=counter, flag="a") == first and counter.n == 1  # kept, not drawn again
    other = draw(source, count=counter, flag="b")
    assert counter.n == 2 and other != first
    assert draw(source, count=counter, flag="a") == first and counter.n == 2


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "it", "hu"])
def test_it_keeps_what_djangos_cache_tag_kept(lang):
    cached = "{% load i18n cache %}{% cache None probe LANGUAGE_CODE flag %}" + BODY + "{% endcache %}"
    kept = "{% load i18n fiit_fragments %}{% fragment probe LANGUAGE_CODE flag %}" + BODY + "{% endfragment %}"
    with translation.override(lang):
        for flag in ("x", "y"):
            context = {"LANGUAGE_CODE": lang, "flag": flag, "count": 3}
            expected = draw(cached, **context)
            assert draw(kept, **context) == expected
            assert draw(kept, **dict(context, count=4)) == expected  # kept: the count is not drawn again
            assert draw(cached, **dict(context, count=4)) == expected  # as the cache tag kept it


def test_a_server_under_another_prefix_keeps_its_own_links():
    source = "{% load i18n fiit_fragments %}{% fragment probe %}" + BODY + "{% endfragment %}"
    set_script_prefix("/")
    assert 'href="/interviews/"' in draw(source, count=1)
    set_script_prefix("/elsewhere/")
    assert 'href="/elsewhere/interviews/"' in draw(source, count=1)


def test_past_the_maximum_they_are_drawn_again(monkeypatch):
    monkeypatch.setattr(fiit_fragments, "MAXIMUM", 3)
    counter = Counter()
    source = "{% load fiit_fragments %}{% fragment probe flag %}{{ count }}{% endfragment %}"
    for flag in "abc":
        draw(source, count=counter, flag=flag)
    assert counter.n == 3 and len(fiit_fragments._KEPT) == 3
    draw(source, count=counter, flag="d")  # the fourth kind: the others are dropped
    assert len(fiit_fragments._KEPT) == 1
    draw(source, count=counter, flag="a")
    assert counter.n == 5


def test_a_fragment_needs_a_name():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        draw("{% load fiit_fragments %}{% fragment %}x{% endfragment %}")
