"""Relevance conditions: when a question is asked.

Conditions are structured data (see docs/instrument-format.md), so they can be
checked, evaluated on a set of answers, and written as XLSForm relevance
expressions without a parser.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from fiit.instruments.model import DECLINED

Condition = Mapping[str, Any]

LEAF_KEYS = ("equals", "includes", "answered")
KNOWN_KEYS = {"question", "equals", "includes", "answered", "all", "any", "not"}


def referenced_questions(condition: Condition) -> Iterator[str]:
    """Every question id a condition refers to."""
    if "all" in condition or "any" in condition:
        for part in condition.get("all") or condition.get("any") or ():
            yield from referenced_questions(part)
    elif "not" in condition:
        yield from referenced_questions(condition["not"])
    elif "question" in condition:
        yield condition["question"]


def shape_errors(condition: Any) -> list[str]:
    """Plain sentences describing what is wrong with a condition's shape."""
    if not isinstance(condition, Mapping):
        return ["a condition must be a mapping such as {question: q1, equals: yes}"]
    unknown = set(condition) - KNOWN_KEYS
    if unknown:
        return [f"unknown key(s) in condition: {', '.join(sorted(unknown))}"]
    if "all" in condition or "any" in condition:
        key = "all" if "all" in condition else "any"
        parts = condition[key]
        if not isinstance(parts, list) or not parts:
            return [f"'{key}' needs a non-empty list of conditions"]
        errors: list[str] = []
        for part in parts:
            errors.extend(shape_errors(part))
        return errors
    if "not" in condition:
        return shape_errors(condition["not"])
    if "question" not in condition:
        return ["a condition needs 'question' (or 'all', 'any', 'not')"]
    leaves = [k for k in LEAF_KEYS if k in condition]
    if len(leaves) != 1:
        return ["a condition on a question needs exactly one of 'equals', 'includes', 'answered'"]
    return []


def is_answered(value: Any) -> bool:
    """Is something stored for the question (an answer, or "declined to answer")?"""
    return value is not None and value != "" and value != []


def has_answer(value: Any) -> bool:
    """Did the respondent give an answer: something stored that is not "declined to answer".

    What ``answered: true`` tests: a question that takes its choices from a
    declined one (``choices_from``) has nothing to offer, and the XLSForm, where
    a declined question stays empty, reads it the same way.
    """
    return is_answered(value) and value != DECLINED


def evaluate(condition: Condition | None, answers: Mapping[str, Any]) -> bool:
    """Does the condition hold for these answers? No condition: always."""
    if not condition:
        return True
    if "all" in condition:
        return all(evaluate(part, answers) for part in condition["all"])
    if "any" in condition:
        return any(evaluate(part, answers) for part in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], answers)
    value = answers.get(condition["question"])
    if "equals" in condition:
        return value == condition["equals"]
    if "includes" in condition:
        return isinstance(value, (list, tuple)) and condition["includes"] in value
    if "answered" in condition:
        return has_answer(value) == bool(condition["answered"])
    return False


Predicate = Callable[[Mapping[str, Any]], bool]


def compile_condition(condition: Condition | None) -> Predicate | None:
    """The condition as a function of the answers, built once; ``None`` for no condition (always holds).

    The function gives exactly what :func:`evaluate` gives for the same
    condition, without walking the condition's mapping on every call, for code
    that checks many interviews against one instrument (an import).
    """
    if not condition:
        return None
    return _compile(condition)


def _always(answers: Mapping[str, Any]) -> bool:
    return True


def _compile(condition: Condition | None) -> Predicate:
    if not condition:
        return _always
    if "all" in condition:
        parts = tuple(_compile(part) for part in condition["all"])
        return lambda answers: all(part(answers) for part in parts)
    if "any" in condition:
        parts = tuple(_compile(part) for part in condition["any"])
        return lambda answers: any(part(answers) for part in parts)
    if "not" in condition:
        inner = _compile(condition["not"])
        return lambda answers: not inner(answers)
    question = condition["question"]
    if "equals" in condition:
        expected = condition["equals"]
        return lambda answers: answers.get(question) == expected
    if "includes" in condition:
        item = condition["includes"]

        def includes(answers: Mapping[str, Any]) -> bool:
            value = answers.get(question)
            return isinstance(value, (list, tuple)) and item in value

        return includes
    if "answered" in condition:
        wanted = bool(condition["answered"])
        return lambda answers: has_answer(answers.get(question)) == wanted
    return lambda answers: False


def to_xpath(condition: Condition) -> str:
    """The condition as an XLSForm relevance expression."""
    if "all" in condition:
        return " and ".join(f"({to_xpath(p)})" for p in condition["all"])
    if "any" in condition:
        return " or ".join(f"({to_xpath(p)})" for p in condition["any"])
    if "not" in condition:
        return f"not({to_xpath(condition['not'])})"
    ref = "${" + condition["question"] + "}"
    if "equals" in condition:
        return f"{ref} = '{condition['equals']}'"
    if "includes" in condition:
        return f"selected({ref}, '{condition['includes']}')"
    # A single choice's "declined" choice is no answer (has_answer); other questions stay empty when declined.
    if condition.get("answered"):
        return f"string-length(string({ref})) > 0 and string({ref}) != '{DECLINED}'"
    return f"string-length(string({ref})) = 0 or string({ref}) = '{DECLINED}'"
