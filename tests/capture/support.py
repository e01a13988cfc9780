"""Helpers shared by the capture, security and browser tests."""

from __future__ import annotations

import json

PASSWORD = "a-test-password-of-some-length"

# A complete Dutch victim interview (values checked by hand against victim.yaml).
COMPLETE_VICTIM = {
    "a_scale": 6, "b_scale": 7, "c_scale": 8, "d1": "no", "d_scale": 5, "e_scale": 4,
    "f_location": "abroad", "f1": "no",
    "sd_gender": "female", "sd_citizenship": "third_country", "sd_exploitation": "sexual",
}


def make_interview(study, user, instrument_id="victim", country="BE", language="nl", consent=True):
    from fiit.db.capture import record_consent, start_interview
    from fiit.db.keys import current_keyfile

    interview = start_interview(study=study, instrument_id=instrument_id, country=country, language=language,
                                user=user, keyfile=current_keyfile())
    if consent:
        record_consent(interview, user=user, research_use=True, quotes=False, follow_up=True)
    return interview


def save(client, interview, answers, reason=None):
    """POST an autosave (with the reason for changing a final interview, if given); the response."""
    body = {"answers": answers} if reason is None else {"answers": answers, "reason": reason}
    return client.post(f"/interviews/{interview.uid}/save/", data=json.dumps(body),
                       content_type="application/json", HTTP_ACCEPT="application/json")


def stored(interview):
    from fiit.db.answers import read_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.store import instrument_of

    interview.refresh_from_db()
    return read_answers(interview, instrument_of(interview), current_keyfile())
