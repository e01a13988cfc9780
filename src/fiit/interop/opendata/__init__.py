"""Open data: de-identified, disclosure-controlled answers as a Frictionless Data Package.

* :mod:`~fiit.interop.opendata.codelists` — the published code lists (Eurostat, CTDC).
* :mod:`~fiit.interop.opendata.disclosure` — at least k respondents per quasi-identifier combination.
* :mod:`~fiit.interop.opendata.datapackage` — the tables and ``datapackage.json``.
"""
