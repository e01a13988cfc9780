"""Shared classifications: how fiit's answers group into the categories statistics use."""

from __future__ import annotations

from typing import Mapping

#: The five FIIT countries, in the order the report presents them.
COUNTRIES: tuple[str, ...] = ("BE", "FR", "HU", "IT", "GB")

#: fiit's forms of exploitation (sd_exploitation) in Eurostat's three groups:
#: domestic servitude is forced labour or services; forced criminality and
#: forced begging are "other forms".
EXPLOITATION_GROUPS: Mapping[str, str] = {
    "sexual": "sexual",
    "labour": "labour",
    "domestic_servitude": "labour",
    "forced_criminality": "other",
    "forced_begging": "other",
    "other": "other",
}
