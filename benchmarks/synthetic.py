"""Synthetic pack libraries for measuring selection at scale.

In: a number of requirements and the real registry. Out: a `Library` of packs of 1,000 requirements
each, with the kinds of conditions and level rules the real packs use (list membership, thresholds,
all/any/not, answer-dependent levels), drawn from a fixed seed so every run measures the same work.
Every pack applies, so every requirement's own condition and level are evaluated.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from procure.model.packs import Library, Pack, PackFile

PER_PACK = 1000
CONDITIONS: list[dict[str, Any] | None] = [
    None,
    {"key": "equipment", "contains": "optical_transport"},
    {"key": "equipment", "contains_any": ["ran", "private_wireless"]},
    {"all": [{"key": "federal_status", "in": ["agency", "contractor"]},
             {"key": "contract_value_usd", "gte": {"threshold": "wto_gpa_supplies"}}]},
    {"any": [{"key": "sector", "eq": "utility"}, {"key": "nerc_cip_impact", "in": ["medium",
                                                                                  "high"]}]},
    {"not": {"key": "federal_status", "eq": "none"}},
    {"all": [{"key": "national_security_system", "eq": True},
             {"key": "award_date", "gte": dt.date(2027, 1, 1)}]},
    {"key": "transport_plans", "contains_all": ["400zr", "800g"]},
]
LEVELS: list[Any] = [
    "MUST", "SHOULD", "MAY",
    {"default": "SHOULD", "rules": [{"level": "MUST", "when": {"key": "federal_status",
                                                               "eq": "agency"}}]},
    {"default": "MAY", "rules": [{"level": "MUST", "when": {"key": "cui", "eq": True}},
                                 {"level": "SHOULD", "when": {"key": "sector",
                                                              "eq": "defense"}}]},
]


def synthetic_library(size: int, base: Library, seed: int = 2026) -> Library:
    """`size` requirements (a multiple of 1,000) citing the base registry's authorities."""
    rng = random.Random(seed)
    authority_ids = sorted(authority.id for authority in base.registry.authorities)
    packs = []
    for number in range(max(size // PER_PACK, 1)):
        requirements = []
        for index in range(PER_PACK):
            requirement: dict[str, Any] = {
                "id": f"S{number}-{index:03d}",
                "title": f"Synthetic requirement {index} of pack {number}",
                "text": "The vendor does one synthetic, checkable thing for the buyer.",
                "level": rng.choice(LEVELS),
                "evidence": ["A signed statement", "A test report"],
                "authorities": [{"id": rng.choice(authority_ids), "pinpoint": "(a)"}
                                for _ in range(rng.randint(1, 3))],
            }
            condition = rng.choice(CONDITIONS)
            if condition is not None:
                requirement["when"] = condition
            requirements.append(requirement)
        pack = Pack.model_validate({
            "schema": "procure/pack@1", "id": f"synthetic-{number}", "title": "Synthetic",
            "kind": "policy", "version": "1.0.0", "reviewed_on": "2026-01-01",
            "purpose": "A synthetic pack for measuring selection.",
            "requirements": requirements})
        packs.append(PackFile(pack=pack, path=Path(f"synthetic-{number}.yaml"),
                              sha256=f"{number:064d}"))
    return Library(packs=packs, registry=base.registry, registry_sha256=base.registry_sha256)
