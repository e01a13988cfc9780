"""Accounts: a Django user plus its fiit role and country."""

from __future__ import annotations

from typing import Sequence

from django.contrib.auth import get_user_model
from django.db import transaction

from fiit.db.audit import record
from fiit.db.errors import UserError
from fiit.db.models import ROLES, Country, Profile

ROLE_IDS = [r for r, _ in ROLES]
COUNTRY_ROLES = ("country_lead", "interviewer")
COUNTRY_LIMITABLE_ROLES = ("analyst",)  # may be limited to countries (fiit.db.access.LIMITABLE_TO_COUNTRY)


def _country(code: str | None) -> Country | None:
    """The country row for ``code``; on a new database the study's countries are loaded first."""
    if not code:
        return None
    if not Country.objects.exists():
        from fiit.db.store import sync_frameworks

        sync_frameworks()
    row = Country.objects.filter(code=code.upper()).first()
    if row is None:
        known = ", ".join(Country.objects.values_list("code", flat=True))
        raise UserError(f"There is no country '{code}' in this database (known: {known}).")
    return row


def _countries_for_role(role: str, countries: Sequence[str]) -> tuple[Country | None, list[Country]]:
    """(national country, analyst's limits) for a role: one country for national teams, any for analysts."""
    if role not in ROLE_IDS:
        raise UserError(f"'{role}' is not a role; the roles are {', '.join(ROLE_IDS)}.")
    codes = sorted({c.strip().upper() for c in countries if c and c.strip()})
    if role in COUNTRY_ROLES and not codes:
        raise UserError(code="country_required", role=role.replace("_", " "))
    if role not in COUNTRY_ROLES + COUNTRY_LIMITABLE_ROLES and codes:
        raise UserError(code="country_not_allowed", role=role.replace("_", " "))
    if role in COUNTRY_ROLES:
        if len(codes) > 1:
            raise UserError(f"A {role.replace('_', ' ')} works in exactly one country; name only one.")
        return _country(codes[0]), []
    return None, [_country(code) for code in codes]


def _where(national: Country | None, limits: list[Country]):
    """The audit's 'country': the national country, an analyst's limits as a list, or None."""
    if national is not None:
        return national.code
    return [c.code for c in limits] or None


def create_user(username: str, role: str, password: str, country: str | None = None, language: str = "en",
                actor: str = "system", countries: Sequence[str] = ()):
    """A user with a role; ``country`` for national teams, ``countries`` (or ``country``) limits an analyst."""
    national, limits = _countries_for_role(role, [*countries, *([country] if country else [])])
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise UserError(f"There is already a user '{username}'.")
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password)
        profile = Profile.objects.create(user=user, role=role, country=national, language=language)
        profile.countries.set(limits)
        record("user_created", actor=actor, record_type="user", record_id=user.pk,
               details={"role": role, "country": _where(national, limits)})
    return user


def _get_user(username: str):
    user = get_user_model().objects.filter(username=username).select_related("fiit_profile").first()
    if user is None:
        raise UserError(code="no_such_user", username=username)
    return user


def change_role(username: str, role: str, country: str | None = None, actor: str = "system",
                countries: Sequence[str] = ()):
    """Give a user another role (and country, or an analyst's limits); audited as ``role_changed``."""
    national, limits = _countries_for_role(role, [*countries, *([country] if country else [])])
    user = _get_user(username)
    with transaction.atomic():
        profile = Profile.objects.select_for_update().filter(user=user).first()
        before = {"role": profile.role if profile else None,
                  "country": _where(profile.country, list(profile.countries.order_by("code"))) if profile else None}
        if profile is None:
            profile = Profile(user=user)
        profile.role, profile.country = role, national
        profile.save()
        profile.countries.set(limits)
        record("role_changed", actor=actor, record_type="user", record_id=user.pk,
               details={"from": before, "to": {"role": role, "country": _where(national, limits)}})
    return user


def disable_user(username: str, actor: str = "system"):
    """Block a user's login (records kept; their open sessions stop at the next request)."""
    user = _get_user(username)
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        record("user_changed", actor=actor, record_type="user", record_id=user.pk, details={"active": False})
    return user


def reset_second_factor(username: str, actor: str = "system") -> int:
    """Remove a user's authenticator apps and passkeys (a lost phone): they enrol again at their next login."""
    from django_otp_webauthn.models import WebAuthnCredential

    from fiit.db.sign_in_models import SealedTOTPDevice

    user = _get_user(username)
    with transaction.atomic():
        removed, _ = SealedTOTPDevice.objects.filter(user=user).delete()
        removed += WebAuthnCredential.objects.filter(user=user).delete()[0]
        record("user_changed", actor=actor, record_type="user", record_id=user.pk,
               details={"second_factor": "reset", "devices_removed": removed})
    return removed
