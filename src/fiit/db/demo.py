"""Build the synthetic demo study into the database (idempotent)."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from fiit.db.models import Study
from fiit.db.store import sync_frameworks, sync_instruments
from fiit.db.writer import write_interviews
from fiit.db.users import create_user
from fiit.demo.design import INTERVIEW_LANGUAGE
from fiit.demo.generator import DEMO_SEED, generate_demo_study
from fiit.instruments import get_instrument_version
from fiit.interviews import Consent, InterviewRecord
from fiit.vault import KeyFile

DEMO_LANGUAGES = INTERVIEW_LANGUAGE  # country -> its team's language (from the study vocabulary)


@dataclass
class DemoResult:
    study: Study
    created: bool
    logins: dict[str, str]


def demo_accounts() -> list[tuple[str, str, str | None, str]]:
    """(username, role, country, language) for every demo login."""
    accounts = [("coordinator", "coordinator", None, "en")]
    for code, lang in DEMO_LANGUAGES.items():
        accounts.append((f"lead_{code.lower()}", "country_lead", code, lang))
        accounts.append((f"interviewer_{code.lower()}", "interviewer", code, lang))
    accounts += [("analyst", "analyst", None, "en"), ("viewer", "viewer", None, "en")]
    return accounts


def ensure_demo_users(logins_file: Path) -> dict[str, str]:
    """Create the demo logins once, with random passwords kept in ``logins_file``."""
    logins: dict[str, str] = {}
    if logins_file.exists():
        logins = json.loads(logins_file.read_text())
    User = get_user_model()
    for username, role, country, lang in demo_accounts():
        if User.objects.filter(username=username).exists() and username in logins:
            continue
        password = logins.get(username) or f"demo-{secrets.token_urlsafe(9)}"
        if User.objects.filter(username=username).exists():
            user = User.objects.get(username=username)
            user.set_password(password)
            user.save()
        else:
            create_user(username, role, password, country=country, language=lang)
        logins[username] = password
    logins_file.parent.mkdir(parents=True, exist_ok=True)
    logins_file.write_text(json.dumps(logins, indent=1))
    logins_file.chmod(0o600)
    return logins


def build_demo(keyfile: KeyFile, logins_file: Path, seed: int = DEMO_SEED) -> DemoResult:
    sync_instruments()
    sync_frameworks()
    logins = ensure_demo_users(logins_file)
    demo = generate_demo_study(seed)
    existing = Study.objects.filter(name=demo.name).first()
    if existing is not None:
        return DemoResult(study=existing, created=False, logins=logins)
    records = [
        InterviewRecord(
            instrument=get_instrument_version(item.instrument_id, item.instrument_version), country=item.country, language=item.language,
            respondent_code=item.respondent_code, interview_date=item.interview_date, answers=item.answers,
            consent=Consent.from_mapping(item.consent), status="final", source="demo", synthetic=True,
            interviewer=item.interviewer,
        )
        for item in demo.interviews
    ]
    with transaction.atomic():
        study = Study.objects.create(name=demo.name, synthetic=True, seed=seed)
        write_interviews(records, study=study, keyfile=keyfile, actor="system")
    from fiit.db.demo_coding import build_demo_coding

    build_demo_coding(study, keyfile, seed)  # two coders' synthetic coding, findings, good practices, quotes
    return DemoResult(study=study, created=True, logins=logins)
