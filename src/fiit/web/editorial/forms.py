"""The forms of the editorial pages. Every message is in the interface language; a rejected form keeps
what the user typed and ticked."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fiit.db.access import countries_for, scope
from fiit.db.editorial import parse_evidence
from fiit.db.errors import UserError
from fiit.db.models import Country
from fiit.instruments.model import THEMES
from fiit.web.editorial.evidence import Group, evidence_groups, other_group, ref_string
from fiit.web.editorial.labels import LANGUAGE_NAMES, theme_label
from fiit.web.languages import ui_language

TEXT_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)  # en first: the one required
MAX_TEXT = 4000
COMPARATIVE = ""


def theme_choices() -> list[tuple[str, str]]:
    return [(t, theme_label(t)) for t in THEMES]


class RecommendationForm(forms.Form):
    """A recommendation: for which report (country), theme, texts by language, evidence, published."""

    country = forms.ChoiceField(label=_("Report"), required=False,
                                error_messages={"invalid_choice": _("Choose one of the reports in the list.")})
    theme = forms.ChoiceField(label=_("Theme"),
                              error_messages={"required": _("Choose a theme."),
                                              "invalid_choice": _("Choose one of the themes in the list.")})
    evidence = forms.MultipleChoiceField(
        label=_("Evidence"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one item of evidence the recommendation rests on."),
                        "invalid_choice": _("%(value)s is not evidence this form offers.")})
    published = forms.BooleanField(label=_("Published: show it in the reports"), required=False)

    def __init__(self, user, *args, frameworks=None, recommendation=None, **kwargs):
        super().__init__(*args, **kwargs)
        lang = ui_language()
        if not may_publish(user):  # an analyst drafts: the box shows the state and is not theirs to change
            self.fields["published"].disabled = True
        allowed = countries_for(user, "edit_recommendations")
        rows = Country.objects.all() if allowed is None else Country.objects.filter(code__in=allowed)
        countries = [(c.code, c.name(lang)) for c in rows]
        self.national_only = allowed is not None
        choices = [(code, _("Country report: %(country)s") % {"country": name}) for code, name in countries]
        if allowed is None:
            choices.insert(0, (COMPARATIVE, _("Comparative report (all countries)")))
        self.fields["country"].choices = choices
        self.fields["theme"].choices = [("", _("Choose a theme"))] + theme_choices()
        for code in TEXT_LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": LANGUAGE_NAMES.get(code, code)},
                required=(code == "en"), max_length=MAX_TEXT, strip=True,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
                error_messages={"required": _("Write the recommendation in English at least: the reports fall "
                                              "back to English where a translation is missing."),
                                "max_length": _("Keep the text under %(limit_value)d characters "
                                                "(it has %(show_value)d).")})
        self.groups: list[Group] = evidence_groups(countries_all(lang), frameworks or {})
        known = {v for g in self.groups for v in g.values()}
        stored = [ref_string(r) for r in (recommendation.evidence if recommendation else [])]
        extra = other_group(stored, known, dict(countries_all(lang)))
        if extra is not None:
            self.groups.append(extra)
        self.fields["evidence"].choices = [(v, v) for g in self.groups for v in g.values()]
        if recommendation is not None and not self.is_bound:
            self.initial.update({
                "country": recommendation.country_id or COMPARATIVE, "theme": recommendation.theme,
                "evidence": stored, "published": recommendation.published,
                **{f"text_{code}": recommendation.text.get(code, "") for code in TEXT_LANGUAGES},
            })
        elif not self.is_bound and allowed:
            self.initial["country"] = allowed[0]

    def text_fields(self):
        return [self[f"text_{code}"] for code in TEXT_LANGUAGES]

    def selected_evidence(self) -> set[str]:
        value = self["evidence"].value() or []
        return set(value if isinstance(value, (list, tuple)) else [value])

    def clean_country(self) -> str:
        code = self.cleaned_data["country"]
        if self.national_only and not code:
            raise forms.ValidationError(_("Choose the country report the recommendation belongs to."))
        return code

    def clean_evidence(self) -> list[str]:
        refs = self.cleaned_data["evidence"]
        for ref in refs:
            try:
                parsed = parse_evidence(ref)
            except UserError:
                raise forms.ValidationError(_("%(ref)s is not evidence fiit understands."),
                                            params={"ref": ref}) from None
            code = parsed.get("country")
            if code and not Country.objects.filter(code=code).exists():
                raise forms.ValidationError(_("There is no country %(code)s in this database."),
                                            params={"code": code})
        return refs

    def values(self) -> dict:
        """The arguments of add_recommendation / update_recommendation."""
        data = self.cleaned_data
        return {"theme": data["theme"], "country": data["country"] or None, "evidence": list(data["evidence"]),
                "published": data["published"],
                "text": {code: data.get(f"text_{code}", "") for code in TEXT_LANGUAGES}}


def may_publish(user) -> bool:
    """Publish, withdraw, and change or delete published recommendations (not analysts: they draft)."""
    return scope(user, "publish_recommendations") is not None


def countries_all(lang: str) -> list[tuple[str, str]]:
    """Every country of the database (evidence may point at any country, whoever writes)."""
    return [(c.code, c.name(lang)) for c in Country.objects.all()]


class QuoteApprovalForm(forms.Form):
    question = forms.CharField(max_length=60, error_messages={"required": _("Say which answer to approve.")})
    theme = forms.ChoiceField(error_messages={"required": _("Choose a theme."),
                                              "invalid_choice": _("Choose one of the themes in the list.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices()


class QuoteWithdrawalForm(forms.Form):
    question = forms.CharField(max_length=60)
