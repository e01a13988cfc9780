"""Tables for studies, countries, instruments, interviews, answers and frameworks.

Open-text answers and identifying fields are never stored in the clear: an
:class:`Answer` holds either ``value`` (scales, choices, integers, dates —
queryable) or ``sealed`` (AES-256-GCM under the interview's data key).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property

ROLES = [
    ("coordinator", "Coordinator"),
    ("country_lead", "Country lead"),
    ("interviewer", "Interviewer"),
    ("analyst", "Analyst"),
    ("viewer", "Viewer"),
]


class Study(models.Model):
    name = models.CharField(max_length=200, unique=True)
    synthetic = models.BooleanField(default=False, help_text="All data in this study is generated, not real.")
    seed = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    code = models.CharField(max_length=2, primary_key=True)
    names = models.JSONField(default=dict, help_text="Name by language code.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = "countries"

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names.get("en") or self.code

    def __str__(self) -> str:
        return self.code


class Profile(models.Model):
    """A user's role and, for national teams, their country; an analyst may be limited to some countries."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fiit_profile")
    role = models.CharField(max_length=20, choices=ROLES)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT)
    # An analyst's limits (none: every country); national roles use ``country``.
    countries = models.ManyToManyField(Country, blank=True, related_name="+")
    language = models.CharField(max_length=5, default="en")

    @cached_property
    def country_codes(self) -> tuple[str, ...]:
        """The countries this profile works in: a national role's one, an analyst's limits (() = none set).

        Read once per profile object (one query for an analyst; the web reads the profile once per request).
        """
        if self.role == "analyst":
            return tuple(sorted(self.countries.values_list("code", flat=True)))
        return (self.country_id,) if self.country_id else ()

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class InstrumentVersion(models.Model):
    instrument_id = models.CharField(max_length=50)
    version = models.CharField(max_length=20)
    definition = models.JSONField(help_text="The instrument file as loaded, kept so old interviews stay readable.")
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument_id", "version"], name="uniq_instrument_version")]
        ordering = ["instrument_id", "version"]

    @property
    def key(self) -> str:
        return f"{self.instrument_id}@{self.version}"

    def __str__(self) -> str:
        return self.key


class Interview(models.Model):
    STATUS = [("draft", "Draft"), ("final", "Final")]
    SOURCES = [("web", "Web form"), ("kobo", "KoboToolbox"), ("odk", "ODK Central"), ("demo", "Demo generator")]

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="interviews")
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="interviews")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="interviews")
    language = models.CharField(max_length=5)
    respondent_code = models.CharField(max_length=40, help_text="A pseudonym; victims are never named.")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="interviews"
    )
    interview_date = models.DateField()
    status = models.CharField(max_length=10, choices=STATUS, default="draft")
    source = models.CharField(max_length=10, choices=SOURCES, default="web")
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True,
                                   help_text="Submission uuid / instance id of an imported interview.")
    synthetic = models.BooleanField(default=False)
    # Consent: recorded before the interview starts.
    consent_text_version = models.CharField(max_length=20, blank=True)
    consent_research_use = models.BooleanField(default=False)
    consent_quotes = models.BooleanField(default=False)
    consent_follow_up = models.BooleanField(default=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    # The interview's data key, wrapped by a key-encryption key from the key file.
    wrapped_key = models.BinaryField(null=True, blank=True)
    key_id = models.CharField(max_length=40, blank=True)
    # HMAC under the audit key over the clear fields and answers (fiit.db.interview_seal; issue 14 L9).
    fields_seal = models.CharField(max_length=64, blank=True, default="")
    # The version (updated_at) a device last synced; later changes were made on the server (fiit.db.device_sync).
    device_synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "instrument__instrument_id", "interview_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "respondent_code"], name="uniq_respondent_in_study"),
        ]
        indexes = [
            models.Index(fields=["country", "status"]),
            # Every page asks whether any interview is synthetic (the banner): answered from this index, which
            # holds only synthetic interviews (none in a real study), not by a pass over every interview.
            models.Index(fields=["synthetic"], condition=models.Q(synthetic=True), name="interview_synthetic"),
            # The final interviews of one instrument in a study (every statistics and report query): found in
            # this index, which holds all they need, not by reading each interview of the study (SQLite: 20-40
            # ms a query at 50,000 victims, ten such queries in fiit stats, issue 16).
            models.Index(fields=["study", "status", "instrument"], name="interview_study_status"),
        ]

    def __str__(self) -> str:
        return f"interview {self.pk}"


class Answer(models.Model):
    # Every query reads answers by interview: the unique (interview, question_id) index serves them all, so the
    # foreign key has no index of its own and question_id none either (each cost an import ~10% of its time).
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question_id = models.CharField(max_length=60)
    value = models.JSONField(null=True, blank=True, help_text="Scales, choices, integers and dates, in the clear.")
    sealed = models.BinaryField(null=True, blank=True, help_text="Open text or identifying field, AES-256-GCM.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "question_id"], name="uniq_answer")]

    def __str__(self) -> str:
        return f"answer {self.pk} ({self.question_id})"


class Framework(models.Model):
    country = models.OneToOneField(Country, on_delete=models.CASCADE, related_name="framework")
    data = models.JSONField()
    source = models.CharField(max_length=200, default="FIIT report, Annex 2 and country chapters")
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"framework {self.country_id}"


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail (see fiit.vault.audit)."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150, blank=True, help_text="Username of the staff member, or 'system'.")
    action = models.CharField(max_length=40)
    record_type = models.CharField(max_length=40, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="Ids and counts only; never answer text or names.")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        # Each append reads the latest chain_restored entry (fiit.db.audit._last_entry) while every other
        # writer waits: without this index that was a scan of the whole trail, growing with it.
        indexes = [models.Index(fields=["action", "seq"], name="audit_action_seq")]

    def __str__(self) -> str:
        return f"audit {self.seq} {self.action}"


class Recommendation(models.Model):
    """A recommendation entered by the team, linked to the evidence it rests on (shown in reports once published)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="recommendations")
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT,
                                help_text="Empty: a recommendation of the comparative report.")
    theme = models.CharField(max_length=40)
    text = models.JSONField(default=dict, help_text="Text by language code.")
    evidence = models.JSONField(default=list, blank=True,
                                help_text='References, e.g. {"kind": "scale", "question_id": "c_scale", "country": "BE"}.')
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published = models.BooleanField(default=False)

    class Meta:
        ordering = ["study", "country", "theme", "id"]

    def __str__(self) -> str:
        return f"recommendation {self.pk} ({self.theme})"


class QuoteApproval(models.Model):
    """A country lead's approval of one open answer as a quote; used only if the interview consents to quotes."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="quote_approvals")
    question_id = models.CharField(max_length=60)
    theme = models.CharField(max_length=40)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "question_id"], name="uniq_quote_approval")]

    def __str__(self) -> str:
        return f"quote approval {self.pk} ({self.question_id})"


class WithdrawnSubmission(models.Model):
    """An imported submission whose respondent withdrew: never imported again.

    Only a hash of the submission id is kept (:func:`fiit.db.answers.withdrawal_mark`), enough to
    recognise the submission in a later KoboToolbox / ODK export, nothing to find it by.
    """

    mark = models.CharField(max_length=64, unique=True)
    withdrawn_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"withdrawn submission {self.pk}"


# The qualitative analysis' tables live in their own module (codebook, codings, memos, findings, quotes).
from fiit.db.coding_models import (  # noqa: E402,F401
    CodebookVersion, CodedAnswer, Coding, CodingMemo, Finding, FrozenQuote,
)

# The second factor's sealed authenticator secrets (django-otp keeps them in clear).
from fiit.db.sign_in_models import SealedTOTPDevice  # noqa: E402,F401

# The browsers' sessions, with the signed-in user's id in a column (fiit.web.sessions reads both at once).
from fiit.db.session_models import WebSession  # noqa: E402,F401
