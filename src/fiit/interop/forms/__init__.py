"""Form export: an instrument as an XLSForm for KoboToolbox and ODK Collect.

* :mod:`~fiit.interop.forms.names` — the XML names of questions, the same in export and import.
* :mod:`~fiit.interop.forms.layout` — the form layout that serves both directions.
* :mod:`~fiit.interop.forms.texts` — the questions and messages fiit adds to every form.
* :mod:`~fiit.interop.forms.xlsform` — the survey, choices and settings sheets, and their check.
"""
