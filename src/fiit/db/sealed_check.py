"""Opening every sealed field of a database: does the key file still read all of it?

``fiit keys verify`` runs this. It unwraps each interview's data key (key file
key + key share) and opens every sealed answer with it, and lists what does
not open and why: a key missing from the key file, a key share missing, a
value that does not open in its place. Nothing opened is kept or shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fiit.db.answers import KeyDestroyed, data_key_for
from fiit.db.models import Answer, Interview
from fiit.vault import DecryptionError, KeyFile, KeyFileError, open_field


@dataclass(frozen=True)
class Unreadable:
    interview: int
    question_id: str  # "" when the interview's data key itself cannot be unwrapped
    reason: str


@dataclass
class SealedCheck:
    interviews: int = 0
    fields: int = 0
    unreadable: list[Unreadable] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unreadable

    @property
    def unreadable_interviews(self) -> int:
        return len({u.interview for u in self.unreadable if u.interview})  # findings (0) belong to none

    def message(self) -> str:
        head = (f"{self.interviews} interview(s), {self.fields} sealed field(s) checked: "
                f"{len(self.unreadable)} unreadable")
        if self.ok:
            return head
        lines = [head + f" (in {self.unreadable_interviews} interview(s))"]
        lines += [f"  interview {u.interview}{' ' + u.question_id if u.question_id else ''}: {u.reason}"
                  for u in self.unreadable[:50]]
        if len(self.unreadable) > 50:
            lines.append(f"  … and {len(self.unreadable) - 50} more")
        return "\n".join(lines)


def check_sealed(keyfile: KeyFile, batch: int = 500) -> SealedCheck:
    check = SealedCheck()
    interviews = Interview.objects.select_related("instrument").order_by("id")
    for interview in interviews.iterator(chunk_size=batch):
        check.interviews += 1
        sealed = list(Answer.objects.filter(interview=interview).exclude(sealed=None).values_list("question_id", "sealed"))
        check.fields += len(sealed)
        try:
            data_key = data_key_for(interview, keyfile)
        except (KeyDestroyed, KeyFileError, DecryptionError) as exc:
            reason = str(exc) if not isinstance(exc, DecryptionError) else \
                f"its data key does not unwrap with key '{interview.key_id}' and its key share"
            if isinstance(exc, KeyFileError):
                reason = f"the key file has no key '{interview.key_id}' (retired or removed)"
            check.unreadable.append(Unreadable(interview.pk, "", reason))
            continue
        for question_id, blob in sealed:
            try:
                open_field(data_key, bytes(blob), interview_id=str(interview.uid), question_id=question_id,
                           instrument_version=interview.instrument.key)
            except (DecryptionError, UnicodeDecodeError):
                check.unreadable.append(Unreadable(interview.pk, question_id, "does not open in its place (changed or moved)"))
    _check_coding(check, keyfile)
    return check


def _check_coding(check: SealedCheck, keyfile: KeyFile) -> None:
    """Memos and frozen quotes (under their interview's data key) and findings (under their own key)."""
    from fiit.db.coding import read_memo
    from fiit.db.coding_models import CodingMemo, Finding, FrozenQuote
    from fiit.db.findings import statement_of
    from fiit.db.frozen_quotes import quote_text

    failures = (KeyDestroyed, KeyFileError, DecryptionError, UnicodeDecodeError, ValueError)
    for memo in CodingMemo.objects.select_related("interview", "interview__instrument").iterator():
        check.fields += 1
        try:
            read_memo(memo, keyfile)
        except failures:
            check.unreadable.append(Unreadable(memo.interview_id, f"memo on {memo.question_id}", "does not open"))
    for quote in FrozenQuote.objects.select_related("interview", "interview__instrument").iterator():
        check.fields += 1
        try:
            quote_text(quote, keyfile)
        except failures:
            check.unreadable.append(Unreadable(quote.interview_id, f"frozen quote on {quote.question_id}",
                                               "does not open"))
    for finding in Finding.objects.iterator():
        check.fields += 1
        try:
            statement_of(finding, keyfile)
        except failures:
            check.unreadable.append(Unreadable(0, f"finding {finding.pk}",
                                               f"does not open (key '{finding.key_id}')"))
    from fiit.db.sign_in_models import SealedTOTPDevice

    for device in SealedTOTPDevice.objects.iterator():
        check.fields += 1
        try:
            device.open_secret(keyfile)
        except failures:
            check.unreadable.append(Unreadable(0, f"authenticator app {device.pk} of user {device.user_id}",
                                               f"does not open (key '{device.key_id}')"))
