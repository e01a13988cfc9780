"""KoboToolbox and ODK interop (pure core: no Django, no CLI library), in three parts.

* :mod:`fiit.interop.forms` — form export: an instrument laid out as an XLSForm
  (survey, choices, settings) for KoboToolbox and ODK Collect.
* :mod:`fiit.interop.submissions` — submission import: a KoboToolbox or ODK
  Central export checked, read and validated row by row, handed in batches to a
  store (the database shell is ``fiit.db.imports``).
* :mod:`fiit.interop.opendata` — open data: de-identified, disclosure-controlled
  answers as a Frictionless Data Package.

:mod:`fiit.interop.errors` holds the failures the three share. Synthetic
submissions in the platforms' export formats, for tests and benchmarks, live in
``tests/interop/samples.py``: they are not shipped.
"""
