"""Load country frameworks from YAML, reporting data problems as results.

Reading files is here; checking their content is :mod:`fiit.frameworks.building`.
``load_framework_file(path)`` never raises for bad content: it returns a
:class:`LoadResult` with ``framework`` (None when there are problems) and
``problems``, each naming the file, the field path (``permit.renewal.source``)
and what is wrong in plain English. ``load_framework(code)`` loads a shipped
file and raises :class:`FrameworkError` if that file has problems (a bug in
fiit, not a data problem).

The YAML layout is exactly what :meth:`CountryFramework.to_dict` produces, except
that ``note``, ``text`` and a series' ``table`` may be left out. See
``data/be.yaml`` for an example.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from fiit.frameworks.building import (  # noqa: F401  (framework_from_dict: public here too)
    LoadResult,
    check_framework_data,
    framework_from_dict,
    summary,
)
from fiit.frameworks.model import CountryFramework, FrameworkError
from fiit.problems import Problem
from fiit.vocabulary import vocabulary

# The C-accelerated safe loader where libyaml is available (it is on PyPI wheels).
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_framework_text(text: str, file: str = "<text>") -> LoadResult:
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = Problem("yaml_syntax", f"the file is not valid YAML{where}: {exc}", file=file, path="")
        return LoadResult(framework=None, problems=[problem], file=file)
    return check_framework_data(data, file)


def load_framework_file(path: str | Path) -> LoadResult:
    """Load one framework file; problems are returned, never raised."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        problem = Problem("unreadable", f"the file cannot be read: {exc.strerror or exc}.", file=str(p), path="")
        return LoadResult(framework=None, problems=[problem], file=str(p))
    return load_framework_text(text, str(p))


def normalise_code(code: str) -> str:
    """The study's (ISO) code of a country given by its ISO or Eurostat code ('UK' -> 'GB')."""
    try:
        return vocabulary().country(code).code
    except KeyError:
        raise FrameworkError(
            f"no framework for country code {code!r}; the FIIT countries are "
            f"{', '.join(vocabulary().country_codes)}."
        ) from None


def load_framework(code: str) -> CountryFramework:
    """The shipped framework of one country of the vocabulary (its Eurostat code works too: 'UK' for GB).

    Shipped frameworks are loaded once and shared; they are frozen.
    """
    return _load_shipped(normalise_code(code))


@lru_cache(maxsize=None)
def _load_shipped(c: str) -> CountryFramework:
    resource = resources.files("fiit.frameworks").joinpath("data", f"{c.lower()}.yaml")
    file = f"fiit/frameworks/data/{c.lower()}.yaml"
    try:
        text = resource.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(f"the shipped framework file {file} cannot be read: {exc}") from exc
    result = load_framework_text(text, file)
    if result.framework is None:
        raise FrameworkError(
            "a shipped framework file has problems (a bug in fiit):\n" + summary(file, result.problems),
            result.problems,
        )
    if result.framework.code != c:
        raise FrameworkError(f"{file} says it is about {result.framework.code}, not {c}.")
    return result.framework


def has_shipped_framework(code: str) -> bool:
    return resources.files("fiit.frameworks").joinpath("data", f"{code.lower()}.yaml").is_file()


def load_frameworks() -> dict[str, CountryFramework]:
    """The shipped frameworks of the vocabulary's countries, in its order (BE, FR, HU, IT, GB).

    A country whose desk research is not done yet has no framework file and is left out.
    """
    return {c: load_framework(c) for c in vocabulary().country_codes if has_shipped_framework(c)}
