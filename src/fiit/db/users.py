"""Accounts: a Django user plus its fiit role and country."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from fiit.db.audit import record
from fiit.db.errors import UserError
from fiit.db.models import ROLES, Country, Profile

ROLE_IDS = [r for r, _ in ROLES]
COUNTRY_ROLES = ("country_lead", "interviewer")
COUNTRY_LIMITABLE_ROLES = ("analyst",)  # may be limited to one country (fiit.db.access.LIMITABLE_TO_COUNTRY)


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


def create_user(username: str, role: str, password: str, country: str | None = None, language: str = "en",
                actor: str = "system"):
    if role not in ROLE_IDS:
        raise UserError(f"'{role}' is not a role; the roles are {', '.join(ROLE_IDS)}.")
    if role in COUNTRY_ROLES and not country:
        raise UserError(code="country_required", role=role.replace("_", " "))
    if role not in COUNTRY_ROLES + COUNTRY_LIMITABLE_ROLES and country:
        raise UserError(code="country_not_allowed", role=role.replace("_", " "))
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise UserError(f"There is already a user '{username}'.")
    country_row = _country(country)
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password)
        Profile.objects.create(user=user, role=role, country=country_row, language=language)
        record("user_created", actor=actor, record_type="user", record_id=user.pk,
               details={"role": role, "country": country_row.code if country_row else None})
    return user


def _get_user(username: str):
    user = get_user_model().objects.filter(username=username).select_related("fiit_profile").first()
    if user is None:
        raise UserError(code="no_such_user", username=username)
    return user


def change_role(username: str, role: str, country: str | None = None, actor: str = "system"):
    """Give a user another role (and country); audited as ``role_changed``."""
    if role not in ROLE_IDS:
        raise UserError(f"'{role}' is not a role; the roles are {', '.join(ROLE_IDS)}.")
    if role in COUNTRY_ROLES and not country:
        raise UserError(code="country_required", role=role.replace("_", " "))
    if role not in COUNTRY_ROLES + COUNTRY_LIMITABLE_ROLES and country:
        raise UserError(code="country_not_allowed", role=role.replace("_", " "))
    user = _get_user(username)
    country_row = _country(country)
    with transaction.atomic():
        profile = Profile.objects.select_for_update().filter(user=user).first()
        before = {"role": profile.role if profile else None, "country": profile.country_id if profile else None}
        if profile is None:
            profile = Profile(user=user)
        profile.role, profile.country = role, country_row
        profile.save()
        record("role_changed", actor=actor, record_type="user", record_id=user.pk,
               details={"from": before, "to": {"role": role, "country": country_row.code if country_row else None}})
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
    """Remove a user's TOTP devices (a lost phone): they enrol again at their next login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = _get_user(username)
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        record("user_changed", actor=actor, record_type="user", record_id=user.pk,
               details={"second_factor": "reset", "devices_removed": removed})
    return removed
