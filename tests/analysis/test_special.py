"""fiit.analysis.special: scipy's own functions, imported without running numpy.f2py and numpy.testing."""

from __future__ import annotations

import json
import subprocess
import sys

from fiit.analysis import special

CHECK = """
import json, sys, types
import fiit.analysis
from fiit.analysis import special
import scipy.special
ran = {name: type(sys.modules[name]) is types.ModuleType for name in ("numpy.f2py", "numpy.testing")}
same = [special.stdtrit is scipy.special.stdtrit, special.chdtrc is scipy.special.chdtrc,
        special.ndtr is scipy.special.ndtr]
import numpy
numpy.testing.assert_array_equal(numpy.arange(3), [0, 1, 2])  # used: loaded whole, works
from numpy.testing import assert_allclose
used = [type(sys.modules["numpy.testing"]) is types.ModuleType, callable(numpy.f2py.run_main)]
print(json.dumps({"ran": ran, "same": same, "used": used}))
"""


def test_the_analysis_imports_scipy_special_without_running_numpy_f2py_and_testing():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["ran"] == {"numpy.f2py": False, "numpy.testing": False}
    assert found["same"] == [True, True, True] and found["used"] == [True, True]


def test_scipy_special_functions_in_a_process_that_imported_them_first():
    import scipy.special

    assert (special.stdtrit, special.chdtrc, special.ndtr) == (
        scipy.special.stdtrit, scipy.special.chdtrc, scipy.special.ndtr)
    assert special.stdtrit(9, 0.975) == scipy.special.stdtrit(9, 0.975)
