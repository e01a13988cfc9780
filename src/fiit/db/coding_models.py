"""Tables of the qualitative analysis: codebook versions, codings per coder, memos, findings, frozen quotes.

What holds answer text is sealed (AES-256-GCM): a coding memo and a frozen quote under their interview's
data key (so a withdrawal erases them with the interview), a finding's statement under its own data key
wrapped by the key file. A coding itself holds no text: offsets into the sealed answer.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class CodebookVersion(models.Model):
    """One saved version of the study's codebook (plain data of :class:`fiit.coding.Codebook`)."""

    study = models.ForeignKey("fiit.Study", on_delete=models.CASCADE, related_name="codebooks")
    version = models.CharField(max_length=40)
    data = models.JSONField()
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "-id"]
        constraints = [models.UniqueConstraint(fields=["study", "version"], name="uniq_codebook_version")]

    def __str__(self) -> str:
        return f"codebook {self.version}"


class Coding(models.Model):
    """One coder applied one code to a passage (character offsets) of one answer; or the consensus."""

    interview = models.ForeignKey("fiit.Interview", on_delete=models.CASCADE, related_name="codings")
    question_id = models.CharField(max_length=60)
    coder = models.CharField(max_length=150, help_text="Username of the coder, or of who reconciled (consensus).")
    code = models.CharField(max_length=60)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    consensus = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["interview", "question_id", "start", "id"]
        indexes = [models.Index(fields=["interview", "question_id"]), models.Index(fields=["code"])]
        constraints = [models.UniqueConstraint(fields=["interview", "question_id", "coder", "code", "start", "end",
                                                       "consensus"], name="uniq_coding")]

    def __str__(self) -> str:
        return f"coding {self.pk} ({self.code})"


class CodedAnswer(models.Model):
    """A coder has looked at an answer (so codes they did not apply count as 'not applied' in agreement)."""

    interview = models.ForeignKey("fiit.Interview", on_delete=models.CASCADE, related_name="coded_marks")
    question_id = models.CharField(max_length=60)
    coder = models.CharField(max_length=150)
    consensus = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "question_id", "coder", "consensus"],
                                               name="uniq_coded_answer")]


class CodingMemo(models.Model):
    """A coder's memo on an answer; sealed under the interview's data key."""

    interview = models.ForeignKey("fiit.Interview", on_delete=models.CASCADE, related_name="coding_memos")
    question_id = models.CharField(max_length=60)
    coder = models.CharField(max_length=150)
    sealed = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "question_id", "coder"], name="uniq_memo")]


class Finding(models.Model):
    """A statement for a theme, per country or comparative, resting on coded passages; sealed."""

    KINDS = [("finding", "Finding"), ("good_practice", "Good practice"), ("conclusion", "Conclusion")]
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    study = models.ForeignKey("fiit.Study", on_delete=models.CASCADE, related_name="findings")
    country = models.ForeignKey("fiit.Country", null=True, blank=True, on_delete=models.PROTECT,
                                help_text="Empty: a comparative finding.")
    theme = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=KINDS, default="finding")
    sealed_statement = models.BinaryField(help_text="JSON {language: statement}, AES-256-GCM.")
    wrapped_key = models.BinaryField()
    key_id = models.CharField(max_length=40)
    passages = models.ManyToManyField(Coding, blank=True, related_name="findings")
    published = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["study", "theme", "country", "id"]

    def __str__(self) -> str:
        return f"finding {self.pk} ({self.theme})"


class FrozenQuote(models.Model):
    """An approved excerpt of a coded passage, names redacted; the approved text is sealed and frozen."""

    interview = models.ForeignKey("fiit.Interview", on_delete=models.CASCADE, related_name="frozen_quotes")
    question_id = models.CharField(max_length=60)
    theme = models.CharField(max_length=40)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sealed_text = models.BinaryField()
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["interview", "question_id", "start"]

    def __str__(self) -> str:
        return f"quote {self.pk} ({self.theme})"
