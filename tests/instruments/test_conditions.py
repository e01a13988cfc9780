"""Relevance conditions: evaluated on answers, and compiled once for imports, with the same results."""

import pytest

from fiit.instruments.conditions import compile_condition, evaluate

# (condition, answers, holds?) — worked out by hand.
CASES = [
    (None, {}, True),
    ({}, {"q": "x"}, True),
    ({"question": "q", "equals": "yes"}, {"q": "yes"}, True),
    ({"question": "q", "equals": "yes"}, {"q": "no"}, False),
    ({"question": "q", "equals": "yes"}, {}, False),
    ({"question": "q", "equals": 3}, {"q": 3}, True),
    ({"question": "q", "includes": "a"}, {"q": ["b", "a"]}, True),
    ({"question": "q", "includes": "a"}, {"q": ("a",)}, True),
    ({"question": "q", "includes": "a"}, {"q": "a"}, False),  # a single answer is not a list of choices
    ({"question": "q", "includes": "a"}, {"q": ["b"]}, False),
    ({"question": "q", "answered": True}, {"q": "text"}, True),
    ({"question": "q", "answered": True}, {"q": ""}, False),
    ({"question": "q", "answered": True}, {"q": []}, False),
    ({"question": "q", "answered": False}, {}, True),
    ({"question": "q", "answered": False}, {"q": 0}, False),  # zero is an answer
    ({"all": [{"question": "q", "equals": "yes"}, {"question": "r", "includes": "a"}]}, {"q": "yes", "r": ["a"]}, True),
    ({"all": [{"question": "q", "equals": "yes"}, {"question": "r", "includes": "a"}]}, {"q": "yes", "r": []}, False),
    ({"any": [{"question": "q", "equals": "yes"}, {"question": "r", "answered": True}]}, {"r": "x"}, True),
    ({"any": [{"question": "q", "equals": "yes"}, {"question": "r", "answered": True}]}, {"q": "no"}, False),
    ({"not": {"question": "q", "equals": "yes"}}, {"q": "no"}, True),
    ({"not": {"any": [{"question": "q", "equals": "a"}, {"question": "q", "equals": "b"}]}}, {"q": "b"}, False),
    ({"all": [{}, {"question": "q", "answered": True}]}, {"q": "x"}, True),
]


@pytest.mark.parametrize("condition,answers,holds", CASES)
def test_a_compiled_condition_holds_exactly_when_the_condition_does(condition, answers, holds):
    assert evaluate(condition, answers) is holds
    compiled = compile_condition(condition)
    if not condition:
        assert compiled is None  # no condition: the question is always asked
    else:
        assert compiled(answers) is holds
