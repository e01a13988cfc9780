"""InterviewSealer: what a new interview needs before it is stored, as web capture would make it."""

import base64
import pickle

from fiit.instruments import get_instrument
from tests.interop.samples import sample_submissions
from fiit.vault import open_field, unwrap_data_key
from fiit.vault.sealing import InterviewSealer, answer_rows
from fiit.vault.shares import wrapping_key


def test_a_sealed_interview_opens_with_its_share_and_the_current_key(keyfile):
    instrument = get_instrument("victim")
    answers = next(iter(sample_submissions(instrument, 1, seed=5))).answers
    sealer = pickle.loads(pickle.dumps(InterviewSealer(keyfile, instrument)))  # as the reader process gets it
    sealed = sealer.seal(answers)
    assert sealed.key_id == keyfile.current_id
    data_key = unwrap_data_key(wrapping_key(keyfile.current, sealed.share, sealed.uid), sealed.wrapped_key,
                               interview_id=sealed.uid, key_id=sealed.key_id)
    # The same rows as answer_rows gives with that data key, except for the random nonces of sealed blobs.
    expected = answer_rows(sealed.uid, instrument, answers, data_key)
    assert [(q, v, b is None) for q, v, b in sealed.rows] == [(q, v, b is None) for q, v, b in expected]
    sensitive = {q.id for q in instrument.questions() if q.is_sensitive}
    opened = {q: open_field(data_key, b, interview_id=sealed.uid, question_id=q, instrument_version=instrument.key)
              for q, _, b in sealed.rows if b is not None}
    assert opened and set(opened) <= sensitive
    assert opened == {q: str(answers[q]) for q in opened}
    assert all(v is None for q, v, _ in sealed.rows if q in sensitive)
    other = sealer.seal(answers)
    assert (other.uid, other.share) != (sealed.uid, sealed.share)


def test_a_sealer_holds_only_the_current_key(keyfile):
    sealer = InterviewSealer(keyfile, get_instrument("policymaker"))
    blob = pickle.dumps(sealer)
    assert keyfile.audit_key not in blob
    assert keyfile.current in blob  # the one key it needs
    assert base64.b64encode(keyfile.current).decode() not in repr(sealer)
    assert keyfile.current.hex() not in repr(sealer) and "key_id" in repr(sealer)
