"""Key shares left by a writer killed between writing them and committing their interviews (issue 14, L4).

:meth:`fiit.vault.shares.ShareStore.sweep` does the work; this asks the
database which interviews it holds. ``fiit keys verify`` and every ``fiit
import`` run it, so orphans from a ``kill -9`` mid-import are destroyed and
reported the next time either runs.
"""

from __future__ import annotations

from fiit.db.key_usage import database_name
from fiit.db.models import Interview
from fiit.vault import KeyFile
from fiit.vault.shares import share_store_for


def _present(uids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(uids), 500):
        chunk = uids[start:start + 500]
        found |= {str(u) for u in Interview.objects.filter(uid__in=chunk).values_list("uid", flat=True)}
    return found


def sweep_orphan_shares(keyfile: KeyFile) -> list[str]:
    """Destroy this database's orphan shares; returns the interview ids they were made for."""
    return share_store_for(keyfile.path).sweep(database_name(), _present)
