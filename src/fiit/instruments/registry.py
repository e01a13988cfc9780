"""The built-in instruments and their released versions: which exist, where their files are, each loaded once.

:func:`get_instrument` gives the current version of a built-in instrument and raises :class:`InstrumentError`
if a shipped file is broken (a bug, not a data problem); :func:`get_instrument_version` an earlier one, frozen
in ``definitions/released/``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fiit.instruments.loader import VERSION_PATTERN, InstrumentError, load_instrument_text
from fiit.instruments.model import Instrument

BUILTIN_IDS = ("policymaker", "service_provider", "victim")


def definition_path(instrument_id: str):
    return resources.files("fiit.instruments").joinpath("definitions", f"{instrument_id}.yaml")


@lru_cache(maxsize=None)
def get_instrument(instrument_id: str) -> Instrument:
    """A built-in instrument by id; raises InstrumentError for an unknown id or a broken file."""
    if instrument_id not in BUILTIN_IDS:
        raise InstrumentError(
            f"There is no instrument '{instrument_id}'; the instruments are {', '.join(BUILTIN_IDS)}."
        )
    ref = definition_path(instrument_id)
    result = load_instrument_text(ref.read_text(encoding="utf-8"), f"{instrument_id}.yaml")
    if not result.valid:
        first = result.report.errors[0]
        raise InstrumentError(f"The built-in instrument '{instrument_id}' is broken: {first}")
    return result.instrument


def released_path(instrument_id: str, version: str):
    return resources.files("fiit.instruments").joinpath("definitions", "released", f"{instrument_id}-{version}.yaml")


def released_versions(instrument_id: str) -> list[str]:
    """Every version of a built-in instrument that fiit can read, oldest first, the current one last."""
    folder = resources.files("fiit.instruments").joinpath("definitions", "released")
    prefix = f"{instrument_id}-"
    older = [entry.name[len(prefix):-len(".yaml")] for entry in folder.iterdir()
             if entry.name.startswith(prefix) and entry.name.endswith(".yaml")
             and VERSION_PATTERN.match(entry.name[len(prefix):-len(".yaml")])]
    current = get_instrument(instrument_id).version
    return sorted(set(older) - {current}, key=lambda v: tuple(int(p) for p in v.split("."))) + [current]


@lru_cache(maxsize=None)
def get_instrument_version(instrument_id: str, version: str) -> Instrument:
    """A built-in instrument as it was at ``version`` (the current one, or a released earlier one).

    Raises InstrumentError for a version fiit never released.
    """
    current = get_instrument(instrument_id)
    if version == current.version:
        return current
    ref = released_path(instrument_id, version)
    if not VERSION_PATTERN.match(str(version)) or not ref.is_file():
        raise InstrumentError(
            f"There is no version {version} of the instrument '{instrument_id}'; fiit knows "
            f"{', '.join(released_versions(instrument_id))}."
        )
    result = load_instrument_text(ref.read_text(encoding="utf-8"), f"{instrument_id}-{version}.yaml")
    if not result.valid:
        first = result.report.errors[0]
        raise InstrumentError(f"The released instrument '{instrument_id}' {version} is broken: {first}")
    return result.instrument


def builtin_instruments() -> dict[str, Instrument]:
    return {instrument_id: get_instrument(instrument_id) for instrument_id in BUILTIN_IDS}
