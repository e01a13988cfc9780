"""Submission import: a KoboToolbox or ODK Central export checked, read, validated and stored.

* :mod:`~fiit.interop.submissions.filecheck` — a file checked before a row is read.
* :mod:`~fiit.interop.submissions.readers` — the rows of a CSV or XLSX, streamed.
* :mod:`~fiit.interop.submissions.columns` — which column holds what, matched by name.
* :mod:`~fiit.interop.submissions.rows` — one row read into an interview, or why not.
* :mod:`~fiit.interop.submissions.reading` — rows read and checked chunk by chunk.
* :mod:`~fiit.interop.submissions.background` — the same reading in a second process.
* :mod:`~fiit.interop.submissions.importing` — the whole import, handed to a store in batches.
"""
