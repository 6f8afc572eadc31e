"""The buyer profile as a reader sees it.

In: the answers as stored in the checklist (plain JSON data). Out: (label, value) rows in the
order of the answers schema, with readable labels and values, for the renderers.
"""

from __future__ import annotations

from typing import Any

from ..model.conditions import describe

LABELS: dict[str, str] = {
    "organization": "Organization",
    "project": "Project",
    "sector": "Sector",
    "federal_status": "Federal status",
    "funding": "Funding",
    "national_security_system": "National security system",
    "cui": "Processes CUI",
    "high_value_asset": "High-value asset or high-impact system",
    "nerc_cip_impact": "NERC CIP impact rating",
    "contract_value_usd": "Estimated contract value (USD)",
    "award_date": "Expected award date",
    "delivery_year": "Delivery year",
    "equipment": "Equipment bought",
    "transport_plans": "Transport plans",
    "ran_plans": "RAN plans",
    "cloud_management": "Vendor-hosted management plane",
    "closed_loop_automation": "Closed-loop automation in production",
    "zero_trust_target": "Zero trust target stage",
    "domestic_preference": "US-made preference",
}


def buyer_profile(answers: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, label in LABELS.items():
        value = answers.get(key)
        shown = "not given" if value is None else describe(value, key)
        rows.append((label, shown))
    return rows
