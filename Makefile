# fiit: the two commands of the README are `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= data/fiit.sqlite3
# k-anonymity of the open data (anjana) and its check (pycanon). Both pin numpy/scipy/pandas to exact old
# versions; they run on fiit's (checked), so they are installed without their dependencies (docs/security.md).
ANONYMITY_LIBS := anjana==1.2.3 pycanon==1.3.5

.PHONY: setup demo test test-sqlite test-postgres security audit-deps fuzz bench bench-postgres system-deps clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps $(ANONYMITY_LIBS)
	@if [ -f src/fiit/web/compile_messages.py ]; then $(BIN)/python -m fiit.web.compile_messages; fi
	touch $@

demo: setup
	$(BIN)/fiit --db $(DEMO_DB) demo

test: setup system-deps
	$(MAKE) --no-print-directory security
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# Two worker processes (pytest-xdist), one test file at a time each: tests wait on browsers, servers and
# child processes, so a 2-CPU machine runs two files at once. TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= 2
test-sqlite: setup
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=20

# Storage, capture and canary tests again, on a throwaway PostgreSQL started on loopback.
test-postgres: setup
	$(BIN)/python tests/support/with_postgres.py $(BIN)/pytest tests/db tests/security tests/capture tests/interop/test_roundtrip.py \
		tests/accounts/test_session_user_join.py -q

# Static analysis of fiit's own code: any high-severity finding fails (docs/security.md).
security: setup
	$(BIN)/bandit -q -r src/fiit --severity-level high

# Known vulnerabilities of the installed dependencies, from PyPI's advisory data. --strict: a package that
# could not be audited (the advisory service unreachable) fails the target instead of passing unaudited.
audit-deps: setup
	$(BIN)/pip-audit --local --strict --progress-spinner off

# Every parser and form post fuzzed with 100,000 cases (the test suite runs 1,000 each; tests/support/fuzzing.py).
fuzz: setup
	FIIT_FUZZ_PROFILE=fuzz $(BIN)/pytest tests/security/test_fuzz_parsers.py tests/security/test_fuzz_forms.py \
		tests/coding/test_fuzz_qda.py -q -p no:cacheprovider

system-deps:
	@scripts/system-deps.sh

# fiit's own bytecode first, as an installed fiit has it (pip compiles it; with PYTHONDONTWRITEBYTECODE set,
# every timed command would otherwise compile fiit's source again, where pandas and DuckDB come compiled).
bench: setup
	$(BIN)/python -m compileall -q src
	$(BIN)/python bench/run.py

# The scale, load and import runs again on a throwaway PostgreSQL (FIIT_BENCH_QUICK=1 leaves out the 50,000 victims).
bench-postgres: setup
	$(BIN)/python -m compileall -q src
	FIIT_BENCH_POSTGRES=1 $(BIN)/python tests/support/with_postgres.py $(BIN)/python bench/bench_scale.py
	FIIT_BENCH_POSTGRES=1 $(BIN)/python tests/support/with_postgres.py $(BIN)/python bench/bench_load.py
	FIIT_BENCH_POSTGRES=1 $(BIN)/python tests/support/with_postgres.py $(BIN)/python bench/bench_import.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
