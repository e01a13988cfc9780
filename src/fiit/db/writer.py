"""The one interview writer: web capture, ``fiit import`` and the demo store interviews here.

Each caller describes its interviews as :class:`fiit.interviews.InterviewRecord`
values; :func:`write_interviews` then does the same for all of them, so they
cannot drift apart again:

- refuses real data under the demo key (:meth:`KeyFile.check_may_seal`);
- issues each interview a fresh data key, wrapped under the key file's current
  key and a new key share (:class:`fiit.vault.sealing.InterviewSealer`), and
  stores the shares, durably, before the interviews they unlock;
- stores only the answers to questions that apply, sealed where sensitive;
- maps consent from one :class:`fiit.interviews.Consent`;
- inserts many interviews and answers per statement (:mod:`fiit.db.bulk`), all
  or nothing, and audits them.

An import seals its rows while it reads them, possibly in a second process
(:mod:`fiit.interop.submissions.background`): it passes those sealed
interviews in ``sealed`` and the writer stores them as they are.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Sequence

from django.contrib.auth import get_user_model
from django.db import transaction

from fiit.db.audit import record
from fiit.db.bulk import insert_answers, insert_interviews
from fiit.db.interview_seal import reseal
from fiit.db.key_usage import database_name
from fiit.db.models import Study
from fiit.db.store import store_instrument
from fiit.interviews import Consent, InterviewRecord
from fiit.vault import KeyFile
from fiit.vault.sealing import InterviewSealer, SealedInterview
from fiit.vault.shares import share_store_for

# audit(pks): records the audit entries of interviews just stored (inside their transaction).
Audit = Callable[[list[int]], None]


def consent_fields(consent: Consent, user_ids: dict[str, int]) -> dict[str, Any]:
    """The interview's consent columns, by attribute name: the one consent mapping."""
    return {
        "consent_text_version": consent.text_version,
        "consent_research_use": consent.research_use,
        "consent_quotes": consent.quotes,
        "consent_follow_up": consent.follow_up,
        "consent_recorded_at": consent.recorded_at,
        "consent_recorded_by_id": user_ids.get(consent.recorded_by) if consent.recorded_by else None,
    }


def _user_ids(records: Sequence[InterviewRecord]) -> dict[str, int]:
    names = {r.interviewer for r in records} | {r.consent.recorded_by for r in records}
    names.discard(None)
    if not names:
        return {}
    User = get_user_model()
    return dict(User.objects.filter(**{f"{User.USERNAME_FIELD}__in": names}).values_list(User.USERNAME_FIELD, "pk"))


class Sealers:
    """One sealer per instrument version, made when first needed (keep one across batches)."""

    def __init__(self, keyfile: KeyFile):
        self.keyfile = keyfile
        self._by_version: dict[str, InterviewSealer] = {}
        self._stored: dict[str, int] = {}

    def version_pk(self, instrument) -> int:
        """The stored instrument version's key, looked up once (not once per interview: it hashes the definition)."""
        pk = self._stored.get(instrument.key)
        if pk is None:
            pk = self._stored[instrument.key] = store_instrument(instrument).pk
        return pk

    def for_(self, instrument) -> InterviewSealer:
        sealer = self._by_version.get(instrument.key)
        if sealer is None:
            sealer = self._by_version[instrument.key] = InterviewSealer(self.keyfile, instrument)
        return sealer


def write_interviews(records: Sequence[InterviewRecord], *, study: Study, keyfile: KeyFile, actor: str,
                     sealed: Sequence[SealedInterview | None] | None = None, audit: Audit | None = None,
                     sealers: Sealers | None = None) -> list[int]:
    """Store these interviews (all or nothing) and return their primary keys, in order.

    ``audit`` records the entries for the stored interviews; by default one
    ``create_interview`` entry per interview (an import records one per batch).
    """
    if not records:
        return []
    for synthetic in {r.synthetic for r in records}:
        keyfile.check_may_seal(synthetic=synthetic)
    sealers = sealers if sealers is not None else Sealers(keyfile)
    sealed_list = list(sealed) if sealed is not None else [None] * len(records)
    sealed_list = [s if s is not None else sealers.for_(r.instrument).seal(r.applicable_answers(), uid=r.uid)
                   for r, s in zip(records, sealed_list)]
    versions = {r.instrument.key: sealers.version_pk(r.instrument) for r in records}
    user_ids = _user_ids(records)
    shares = share_store_for(keyfile.path)
    # Marked pending until the interviews commit: a writer killed in between leaves orphans that
    # 'fiit keys verify' (fiit.db.share_sweep) finds and destroys (issue 14, L4).
    shares.add_many({s.uid: s.share for s in sealed_list}, pending_in=database_name())
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: shares.settle(s.uid for s in sealed_list))
            pks = insert_interviews([_fields(r, s, study, versions, user_ids) for r, s in zip(records, sealed_list)])
            insert_answers(zip(pks, (s.rows for s in sealed_list)))
            reseal(pks, keyfile)
            if audit is not None:
                audit(pks)
            else:
                for pk, r in zip(pks, records):
                    record("create_interview", actor=actor, record_type="interview", record_id=pk,
                           details={"instrument": r.instrument.key, "country": r.country, "source": r.source},
                           keyfile=keyfile)
    except BaseException:
        for s in sealed_list:
            shares.destroy(s.uid)
        raise
    return pks


def _fields(r: InterviewRecord, s: SealedInterview, study: Study, versions: dict[str, int],
            user_ids: dict[str, int]) -> dict[str, Any]:
    """The field values of the interview a record becomes, by attribute name (the same keys for every row)."""
    return {
        "uid": uuid.UUID(s.uid), "study_id": study.pk, "instrument_id": versions[r.instrument.key],
        "country_id": r.country, "language": r.language, "respondent_code": r.respondent_code,
        "interview_date": r.interview_date, "status": r.status, "source": r.source, "synthetic": r.synthetic,
        "external_id": r.external_id, "interviewer_id": user_ids.get(r.interviewer) if r.interviewer else None,
        **consent_fields(r.consent, user_ids),
        "key_id": s.key_id, "wrapped_key": s.wrapped_key,
    }
