"""Writing and reading an interview's answers, sealing what is sensitive.

Open-text answers and identifying fields go into ``Answer.sealed``, encrypted
with the interview's own data key; the associated data binds each blob to the
interview, the question and the instrument version. Everything else stays in
``Answer.value`` so it can be queried.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from django.db import transaction

from fiit.db.models import Answer, Interview
from fiit.instruments import Instrument
from fiit.instruments.conditions import is_answered
from fiit.vault import KeyFile, new_data_key, open_field, seal_field, unwrap_data_key, wrap_data_key
from fiit.vault.shares import ShareDestroyed, share_store_for, wrapping_key


class KeyDestroyed(Exception):
    """The interview's data key was destroyed (the respondent withdrew)."""


def issue_data_key(interview: Interview, keyfile: KeyFile, share: bytes | None = None) -> bytes:
    """Give a new interview its data key, wrapped under the key file's current key and a fresh key share."""
    uid = str(interview.uid)
    if share is None:
        share = share_store_for(keyfile.path).create(uid)
    data_key = new_data_key()
    interview.key_id = keyfile.current_id
    interview.wrapped_key = wrap_data_key(
        wrapping_key(keyfile.current, share, uid), data_key, interview_id=uid, key_id=keyfile.current_id
    )
    return data_key


def data_key_for(interview: Interview, keyfile: KeyFile) -> bytes:
    uid = str(interview.uid)
    if not interview.wrapped_key:
        raise KeyDestroyed(f"The data key of interview {interview.pk} was destroyed; its sealed answers cannot be read.")
    try:
        share = share_store_for(keyfile.path).get(uid)
    except ShareDestroyed:
        raise KeyDestroyed(f"The key of interview {interview.pk} was destroyed; its sealed answers cannot be read.") from None
    return unwrap_data_key(
        wrapping_key(keyfile.key(interview.key_id), share, uid), bytes(interview.wrapped_key),
        interview_id=uid, key_id=interview.key_id,
    )


def _clear_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def answer_rows(interview_uid: str, instrument: Instrument, answers: Mapping[str, Any], data_key: bytes,
                questions: tuple | None = None) -> list[tuple[str, Any, bytes | None]]:
    """(question id, clear value, sealed blob) per answer: the one place answers are sealed."""
    rows = []
    for question in questions or instrument.questions():
        value = answers.get(question.id)
        if not is_answered(value):
            continue
        if question.is_sensitive:
            sealed = seal_field(
                data_key, str(value), interview_id=interview_uid,
                question_id=question.id, instrument_version=instrument.key,
            )
            rows.append((question.id, None, sealed))
        else:
            rows.append((question.id, _clear_value(value), None))
    return rows


def write_answers(
    interview: Interview, instrument: Instrument, answers: Mapping[str, Any], keyfile: KeyFile,
    data_key: bytes | None = None,
) -> None:
    """Replace the interview's answers with these (all or nothing)."""
    if data_key is None:
        data_key = data_key_for(interview, keyfile)
    rows = [Answer(interview=interview, question_id=qid, value=value, sealed=sealed)
            for qid, value, sealed in answer_rows(str(interview.uid), instrument, answers, data_key)]
    with transaction.atomic():
        Answer.objects.filter(interview=interview).delete()
        Answer.objects.bulk_create(rows)


def read_answers(interview: Interview, instrument: Instrument, keyfile: KeyFile | None) -> dict[str, Any]:
    """The interview's answers; sealed ones are opened only when a key file is given."""
    out: dict[str, Any] = {}
    data_key = None
    for answer in interview.answers.all():
        if answer.sealed is not None:
            if keyfile is None:
                continue
            if data_key is None:
                data_key = data_key_for(interview, keyfile)
            out[answer.question_id] = open_field(
                data_key, bytes(answer.sealed), interview_id=str(interview.uid),
                question_id=answer.question_id, instrument_version=instrument.key,
            )
        else:
            out[answer.question_id] = answer.value
    return out


def destroy_interview(interview: Interview, keyfile: KeyFile) -> None:
    """Delete an interview and destroy its key share.

    Without the share, the wrapped data key in any copy of the database
    (a backup included) can no longer be unwrapped, even with the key file.
    """
    share_store_for(keyfile.path).destroy(str(interview.uid))
    with transaction.atomic():
        Interview.objects.filter(pk=interview.pk).update(wrapped_key=None, key_id="")
        interview.delete()
