"""Reading a report page in a test as a reader sees it once the background builder has run."""

from __future__ import annotations


def report_page(client, url: str) -> str:
    """The page at ``url``; when its report is still being built (never inside a request), build what the
    page asked for, as the server's background builder does, and read the page again."""
    html = client.get(url).content.decode()
    if "data-report-pending" not in html:
        return html
    build_asked_reports()
    return client.get(url).content.decode()


def build_asked_reports() -> None:
    """Build the reports pages have asked for, and only those, as the server's background builder does."""
    from fiit.db import report_store
    from fiit.db.keys import current_keyfile

    for study in report_store.studies_to_build():
        report_store.build_all(study, current_keyfile(), countries=[], langs=[])
