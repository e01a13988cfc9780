"""KoboToolbox and ODK interop (pure core: no Django, no CLI library).

* :mod:`fiit.interop.xlsform` — an instrument as an XLSForm (survey, choices, settings).
* :mod:`fiit.interop.importing` — a KoboToolbox or ODK Central export checked, read and
  validated row by row, handed in batches to a store (the database shell is ``fiit.db.imports``).
* :mod:`fiit.interop.datapackage` — de-identified, disclosure-controlled open data as a
  Frictionless Data Package.
* :mod:`fiit.interop.samples` — synthetic submissions in the platforms' export formats,
  for tests and benchmarks.
"""
