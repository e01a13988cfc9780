"""The two small Django forms of capture: starting an interview and recording consent."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fiit.db.access import countries_for
from fiit.db.models import Country, Study
from fiit.instruments import builtin_instruments
from fiit.web.instrument_display import short_name
from fiit.web.languages import ui_language


class NewInterviewForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"))
    country = forms.ChoiceField(label=_("Country"))
    language = forms.ChoiceField(label=_("Language of the interview"))
    study = forms.ModelChoiceField(queryset=Study.objects.order_by("-created_at", "-pk"), label=_("Study"),
                                   empty_label=None)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = ui_language()
        # No instrument preselected: the interviewer chooses it every time.
        self.fields["instrument"].choices = [("", _("Choose an instrument"))] + [
            (iid, short_name(iid)) for iid in builtin_instruments()]
        allowed = countries_for(user, "create_interview")
        rows = Country.objects.all() if allowed is None else Country.objects.filter(code__in=allowed)
        self.fields["country"].choices = [(c.code, c.name(lang)) for c in rows]
        self.fields["language"].choices = list(settings.LANGUAGES)
        profile = getattr(user, "fiit_profile", None)
        if profile is not None:
            self.fields["language"].initial = profile.language
            if profile.country_id:
                self.fields["country"].initial = profile.country_id
        self.fields["study"].initial = self.fields["study"].queryset.first()
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("aria-describedby", f"id_{name}-error")

    def clean(self):
        data = super().clean()
        instrument = builtin_instruments().get(data.get("instrument", ""))
        if instrument is not None and data.get("language") and data["language"] not in instrument.languages:
            self.add_error("language", _("This instrument is not available in that language."))
        return data


class ConsentForm(forms.Form):
    research_use = forms.BooleanField(required=False)
    quotes = forms.BooleanField(required=False)
    follow_up = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("research_use"):
            self.add_error("research_use", _(
                "The interview cannot start without consent to research use. "
                "If the respondent does not agree, do not hold the interview."))
        return data
