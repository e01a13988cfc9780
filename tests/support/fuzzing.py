"""Hypothesis profiles for fiit's fuzz tests (issue 14, evidence).

- ``suite`` (the default): 1,000 cases per parser, derandomised, so `make test` stays repeatable.
- ``fuzz``: 100,000 cases per parser (`make fuzz`), random.
- ``quick``: 50 cases, while writing a fuzz test.

Choose with FIIT_FUZZ_PROFILE; FIIT_FUZZ_EXAMPLES (the older switch) still sets the number of cases.
Decorate a test with ``@FUZZ`` (a hypothesis ``settings`` object).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture,
          HealthCheck.filter_too_much]
settings.register_profile("suite", max_examples=1000, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_QUIET)
settings.register_profile("fuzz", parent=settings.get_profile("suite"), max_examples=100_000, derandomize=False)
settings.register_profile("quick", parent=settings.get_profile("suite"), max_examples=50)

PROFILE = os.environ.get("FIIT_FUZZ_PROFILE") or (
    "fuzz" if int(os.environ.get("FIIT_FUZZ_EXAMPLES", "1000")) >= 100_000 else "suite")
EXAMPLES = int(os.environ.get("FIIT_FUZZ_EXAMPLES") or settings.get_profile(PROFILE).max_examples)
FUZZ = settings(parent=settings.get_profile(PROFILE), max_examples=EXAMPLES)

# Form posts go through the whole Django stack (about 0.1 s a case on a quiet machine, 0.5 s under load),
# so the suite runs 250 of each and `make fuzz` 100,000; the pure parsers run 1,000 in the suite.
FORM_EXAMPLES = min(EXAMPLES, 250) if PROFILE == "suite" and not os.environ.get("FIIT_FUZZ_EXAMPLES") else EXAMPLES
FUZZ_FORMS = settings(parent=FUZZ, max_examples=FORM_EXAMPLES)
