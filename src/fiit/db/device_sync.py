"""Interviews made on a device, offline, arriving on the server: one idempotent sync per interview.

The field app (``fiit/capture/field.js``) starts interviews without the server:
it makes the interview's id (a UUID) and a respondent code on the device, keeps
consent and answers in its encrypted queue, and sends the whole interview when
a connection is back. This module puts such an interview into the database
through the one interview writer (:mod:`fiit.db.capture`): create, record
consent, save answers, finalise.

Idempotent by construction: the device's id is the interview's ``uid``, so a
retried or repeated sync finds the interview it made the first time; the
answers it sends are the whole set (a repeat changes nothing); consent is
recorded once; finalising a final interview with the same answers is a no-op.

Conflicts: each sync answers with the server's ``version`` (the time of the
last change). A device that sends answers based on an older version, when the
server's answers meanwhile became different (a country lead edited them), gets
a conflict with the server's answers instead of overwriting them; the
interviewer chooses per question and sends again with the new version.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from fiit.problems.errors import FiitError
from fiit.db.access import can, interviews_for
from fiit.db.capture import (
    applicable_only, finalise, has_consent, read_for, record_consent, save_answers, start_interview,
)
from fiit.db.models import Interview, Study
from fiit.db.store import instrument_of
from fiit.instruments import builtin_instruments
from fiit.vault import KeyFile


class SyncRefused(FiitError):
    """The device's interview cannot be taken: not allowed, unknown instrument, no consent."""

    def __init__(self, code: str):
        super().__init__(code, code=code)
        self.code = code


@dataclass(frozen=True)
class DeviceInterview:
    """An interview as the device holds it (every answer, not only the changes)."""

    uid: uuid.UUID
    instrument_id: str
    country: str
    language: str
    respondent_code: str
    interview_date: dt.date
    consent: dict[str, bool]
    answers: dict[str, Any]
    finalise: bool = False
    base_version: str | None = None


@dataclass
class SyncOutcome:
    state: str                      # "synced", "conflict", "needs_review" (finalising refused), "locked"
    uid: str
    respondent_code: str = ""
    version: str = ""
    status: str = "draft"
    created: bool = False
    rejected: dict[str, list[str]] = field(default_factory=dict)
    finalise_errors: dict[str, list[str]] = field(default_factory=dict)
    server_answers: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v is not None}
        return out


def version_of(interview: Interview) -> str:
    return interview.updated_at.isoformat()


def _study_for(device: DeviceInterview) -> Study:
    from fiit.db.errors import NoStudy
    from fiit.db.studies import select_study

    try:
        return select_study()
    except NoStudy:
        raise SyncRefused("no_study") from None


def _create(device: DeviceInterview, *, user, keyfile: KeyFile) -> Interview:
    if device.instrument_id not in builtin_instruments():
        raise SyncRefused("unknown_instrument")
    if device.language not in builtin_instruments()[device.instrument_id].languages:
        raise SyncRefused("unknown_language")
    if not can(user, "create_interview", country=device.country):
        raise SyncRefused("not_allowed")
    if not device.consent.get("research_use"):
        raise SyncRefused("no_consent")
    try:
        with transaction.atomic():
            return start_interview(
                study=_study_for(device), instrument_id=device.instrument_id, country=device.country,
                language=device.language, user=user, keyfile=keyfile, uid=device.uid,
                respondent_code=device.respondent_code, interview_date=device.interview_date,
            )
    except IntegrityError:
        # The same device id arrived twice at once: the other request made it.
        return Interview.objects.get(uid=device.uid)


def _editable(user, uid: uuid.UUID) -> Interview | None:
    qs = interviews_for(user, "edit_interview") | interviews_for(user, "edit_final_interview")
    return qs.distinct().filter(uid=uid).first()


def sync_device_interview(device: DeviceInterview, *, user, keyfile: KeyFile) -> SyncOutcome:
    """Create or bring up to date the server copy of ``device``; see the module text for the rules."""
    created = False
    if not Interview.objects.filter(uid=device.uid).exists():
        interview = _create(device, user=user, keyfile=keyfile)
        created = True
    interview = _editable(user, device.uid)
    if interview is None:
        raise SyncRefused("not_allowed")
    if not has_consent(interview):
        if not device.consent.get("research_use"):
            raise SyncRefused("no_consent")
        record_consent(interview, user=user, research_use=True, quotes=bool(device.consent.get("quotes")),
                       follow_up=bool(device.consent.get("follow_up")))
    instrument = instrument_of(interview)
    hidden = _hidden(user, interview, instrument)
    current = read_for(interview, instrument, keyfile, hide=hidden)
    wanted = {qid: v for qid, v in device.answers.items() if qid not in hidden}
    outcome = SyncOutcome(state="synced", uid=str(interview.uid), created=created)
    differs = _differs(current, applicable_only(instrument, wanted))
    if differs and not created and device.base_version and device.base_version != version_of(interview):
        outcome.state = "conflict"
        outcome.server_answers = current
    elif differs:
        if interview.status == "final" and not can(user, "edit_final_interview", interview=interview):
            outcome.state = "locked"
        else:
            changes: dict[str, Any] = {qid: None for qid in current if qid not in wanted}
            changes.update(wanted)
            result = save_answers(interview, changes, user=user, keyfile=keyfile, hidden=hidden)
            outcome.rejected = result.rejected
    if outcome.state == "synced" and device.finalise and interview.status == "draft" and not outcome.rejected:
        if not can(user, "finalise_interview", interview=interview):
            raise SyncRefused("not_allowed")
        done = finalise(interview, user=user, keyfile=keyfile)
        if not done.finalised:
            outcome.state = "needs_review"
            outcome.finalise_errors = done.errors
    interview.refresh_from_db()
    if outcome.state in ("synced", "needs_review"):
        # The device now holds this version: a later change is one made on the server (see sync_state).
        Interview.objects.filter(pk=interview.pk).update(device_synced_at=interview.updated_at)
    outcome.respondent_code = interview.respondent_code
    outcome.version = version_of(interview)
    outcome.status = interview.status
    return outcome


#: Where an interview's answers stand against the devices that sent them (the interview list shows and
#: filters it): entered on the server only; as a device last synced it; edited on the server since.
SYNC_STATES = ("server", "device", "edited")


def sync_state(interview: Interview) -> str:
    if interview.device_synced_at is None:
        return "server"
    return "edited" if interview.updated_at > interview.device_synced_at else "device"


def with_sync_state(qs, state: str):
    """``qs`` narrowed to the interviews in ``state`` (one of SYNC_STATES; anything else: unchanged)."""
    from django.db.models import F

    if state == "server":
        return qs.filter(device_synced_at__isnull=True)
    if state == "device":
        return qs.filter(device_synced_at__gte=F("updated_at"))
    if state == "edited":
        return qs.filter(device_synced_at__lt=F("updated_at"))
    return qs


def _hidden(user, interview: Interview, instrument) -> set[str]:
    if can(user, "view_identifying", interview=interview):
        return set()
    return {q.id for q in instrument.questions() if q.identifying}


def _differs(current: dict[str, Any], wanted: dict[str, Any]) -> bool:
    keys = set(current) | {k for k, v in wanted.items() if v not in (None, "", [])}
    return any(current.get(k) != wanted.get(k) for k in keys)


__all__ = ["DeviceInterview", "SYNC_STATES", "SyncOutcome", "SyncRefused", "sync_device_interview", "sync_state",
           "version_of", "with_sync_state"]
