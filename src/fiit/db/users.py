"""Accounts: a Django user plus its fiit role and country."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from fiit.db.audit import record
from fiit.db.errors import UserError
from fiit.db.models import ROLES, Country, Profile

ROLE_IDS = [r for r, _ in ROLES]
COUNTRY_ROLES = ("country_lead", "interviewer")


def create_user(username: str, role: str, password: str, country: str | None = None, language: str = "en",
                actor: str = "system"):
    if role not in ROLE_IDS:
        raise UserError(f"'{role}' is not a role; the roles are {', '.join(ROLE_IDS)}.")
    if role in COUNTRY_ROLES and not country:
        raise UserError(f"A {role.replace('_', ' ')} works for one country: give --country.")
    if role not in COUNTRY_ROLES and country:
        raise UserError(f"A {role} is not tied to a country; leave out --country.")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise UserError(f"There is already a user '{username}'.")
    country_row = None
    if country:
        country_row = Country.objects.filter(code=country.upper()).first()
        if country_row is None:
            raise UserError(f"There is no country '{country}' in this database.")
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password)
        Profile.objects.create(user=user, role=role, country=country_row, language=language)
        record("user_created", actor=actor, record_type="user", record_id=user.pk,
               details={"role": role, "country": country_row.code if country_row else None})
    return user
