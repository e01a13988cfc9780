"""The functions of ``scipy.special`` the analysis uses: ``stdtrit`` (Student t quantiles), ``chdtrc``
(chi-squared upper tail) and ``ndtr`` (normal distribution), scipy's own.

Importing ``scipy.special`` loads scipy's array API layer, which copies NumPy's namespace with
``from numpy import *``; NumPy's ``__all__`` names its ``f2py`` (the Fortran wrapper generator) and
``testing`` packages, so both are imported, though nothing here or in scipy's functions uses them: 0.07-0.10 s
of CPU, a few percent of ``fiit stats`` over 50,000 victims (issue 16). Before scipy is imported, those two
are registered as lazy modules (:class:`importlib.util.LazyLoader`, the standard library's way to import a
module on first use): NumPy's attribute and ``sys.modules`` hold the module, whose code runs the first time
one of its attributes is read, so a program that does use ``numpy.testing`` gets the whole of it then.
A package already imported (or scipy.special, which imports both) is left as it is. Python 3.11's lazy
module is not safe against two threads reading it first at the same moment: nothing in fiit uses these two
packages, and NumPy's others (``random``, ``ma``, which scipy's copy imports too: 0.03 s) are left
eager for that reason.
``tests/analysis/test_special.py`` checks that these are scipy's functions, that neither package has run
after the analysis is imported, and that both work once used.
"""

from __future__ import annotations

import importlib.util
import sys

#: NumPy's packages that importing scipy.special loads for nothing (see the module notes).
UNUSED_BY_SCIPY_SPECIAL = ("numpy.f2py", "numpy.testing")


def _import_on_first_use(name: str) -> None:
    """Register ``name`` (a package of an imported parent) as a lazy module, unless it is imported already."""
    parent_name, _, child = name.rpartition(".")
    parent = sys.modules[parent_name]
    if name in sys.modules or child in vars(parent):
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    setattr(parent, child, module)  # as the import system sets it, so NumPy's __getattr__ is not asked


def _import_special():
    if "scipy.special" not in sys.modules:
        import numpy  # noqa: F401 — the parent of the packages made lazy

        for name in UNUSED_BY_SCIPY_SPECIAL:
            _import_on_first_use(name)
    from scipy import special

    return special


_special = _import_special()
stdtrit = _special.stdtrit
chdtrc = _special.chdtrc
ndtr = _special.ndtr

__all__ = ["chdtrc", "ndtr", "stdtrit"]
