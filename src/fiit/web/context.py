"""What every page's template gets: the languages on offer and who is logged in."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy

ROLE_LABELS = {
    "coordinator": gettext_lazy("Coordinator"),
    "country_lead": gettext_lazy("Country lead"),
    "interviewer": gettext_lazy("Interviewer"),
    "analyst": gettext_lazy("Analyst"),
    "viewer": gettext_lazy("Viewer"),
}


def fiit_context(request):
    profile = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        profile = getattr(user, "fiit_profile", None)
    return {
        "fiit_languages": [{"code": code, "name": name} for code, name in settings.LANGUAGES],
        "fiit_profile": profile,
        "fiit_role": ROLE_LABELS.get(profile.role, profile.role) if profile is not None else "",
    }
