"""Selection: the rules that turn answers into a checklist. Pure: no files, no clock, no I/O.

In: validated answers, the pack library (packs + authority registry) and the document date.
Out: a `Checklist` in which every included and excluded pack and requirement carries its reason,
each requirement's level follows its rules (and is never MUST unless an authority it rests on is
in force on the document date), with points for counsel and the deadlines ahead for this buyer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from .. import __version__
from ..model.answers import Answers
from ..model.checklist import (
    AuthorityRef,
    Checklist,
    ChecklistRequirement,
    CounselPoint,
    Deadline,
    ExcludedPack,
    ExcludedRequirement,
    Generator,
    IncludedPack,
    RegisterEntry,
)
from ..model.conditions import Facts, Verdict, evaluate
from ..model.packs import LevelSpec, Library, Pack, Requirement
from ..model.registry import CHANGE_WORDS, STATUS_WORDS, Authority, AuthorityStatus, Registry
from ..support.gcpause import paused_gc

KIND_ORDER = {"legal": 0, "policy": 1, "technology": 2}


def status_sentence(authority: Authority, status: AuthorityStatus,
                    citations: dict[str, str]) -> str:
    """`rescinded 2026-01-23 by OMB M-26-05`, `in force since 2024-08-14`, …"""
    words = STATUS_WORDS.get(status.status, status.status)
    if status.since is not None:
        words += f" since {status.since.isoformat()}"
    if status.by:
        words += f" by {citations.get(status.by, status.by)}"
    if status.note:
        words += f" ({status.note})"
    return words


def inputs_digest(answers: Answers, library: Library, as_of: dt.date) -> str:
    """Hash of everything the checklist depends on: answers, packs, registry, document date."""
    canonical = json.dumps(
        {"answers": answers.to_document(), "as_of": as_of.isoformat(), "packs": library.digest()},
        sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class _Authorities:
    """Authority statuses on the document date, computed once per authority."""

    def __init__(self, registry: Registry, as_of: dt.date) -> None:
        self.by_id = registry.by_id()
        self.citations = {key: value.citation for key, value in self.by_id.items()}
        self.as_of = as_of
        self._status: dict[str, tuple[AuthorityStatus, str]] = {}
        self._refs: dict[tuple[str, str], AuthorityRef] = {}

    def status(self, authority_id: str) -> tuple[AuthorityStatus, str]:
        found = self._status.get(authority_id)
        if found is None:
            authority = self.by_id[authority_id]
            status = authority.status_on(self.as_of)
            found = (status, status_sentence(authority, status, self.citations))
            self._status[authority_id] = found
        return found

    def next_in_force(self, authority_id: str) -> dt.date | None:
        """The date an authority not yet in force takes effect, if its timeline says so."""
        for change in self.by_id[authority_id].timeline:
            if change.date > self.as_of and change.status == "effective":
                return change.date
        return None

    def ref(self, authority_id: str, pinpoint: str) -> AuthorityRef:
        key = (authority_id, pinpoint)
        ref = self._refs.get(key)
        if ref is None:
            authority = self.by_id[authority_id]
            status, sentence = self.status(authority_id)
            ref = AuthorityRef.model_construct(
                id=authority.id, citation=authority.citation, title=authority.title,
                status=status.status, status_note=sentence, url=str(authority.url),
                pinpoint=pinpoint,
            )
            self._refs[key] = ref
        return ref


def _level(requirement: Requirement, facts: Facts) -> tuple[str, str]:
    """The requirement's level for these answers, and the reason when it depends on them."""
    spec = requirement.level
    if not isinstance(spec, LevelSpec):
        return spec, ""
    for rule in spec.rules:
        verdict = rule.when.evaluate(facts)
        if verdict.ok:
            return rule.level, f"{rule.level} because {verdict.reason}"
    return spec.default, f"{spec.default} (no stronger level applies)"


def _demote_if_not_in_force(level: str, refs: list[AuthorityRef], authorities: _Authorities,
                            as_of: dt.date) -> tuple[str, str]:
    """A MUST rests on at least one authority in force on the document date; else SHOULD."""
    if level != "MUST" or any(ref.status == "effective" for ref in refs):
        return level, ""
    upcoming = sorted((day, ref.citation) for ref in refs
                      if (day := authorities.next_in_force(ref.id)) is not None)
    if upcoming:
        day, citation = upcoming[0]
        return "SHOULD", (f"SHOULD until {day.isoformat()}, when {citation} takes effect; MUST "
                          "for awards and deliveries bound by it from then on")
    statuses = "; ".join(f"{ref.citation} {ref.status_note}" for ref in refs)
    return "SHOULD", (f"SHOULD, not MUST: on {as_of.isoformat()} no authority it rests on is in "
                      f"force ({statuses})")


def _requirement_why(pack: Pack, pack_verdict: Verdict, own: Verdict, has_own: bool,
                     level_reason: str, demotion: str) -> str:
    if has_own:
        first = f"applies because {own.reason}"
    elif pack.applies_when is None:
        first = f"part of the {pack.id} pack, which applies to every buyer"
    else:
        first = f"part of the {pack.id} pack, which applies because {pack_verdict.reason}"
    parts = [first]
    if level_reason:
        parts.append(level_reason)
    if demotion:
        parts.append(demotion)
    return "; ".join(parts)


def _sort_key(pack: Pack) -> tuple[int, str]:
    return (KIND_ORDER.get(pack.kind, 9), pack.id)


def select(answers: Answers, library: Library, as_of: dt.date) -> Checklist:
    """Decide which packs and requirements apply to this buyer on `as_of`, and why."""
    with paused_gc():
        return _select(answers, library, as_of)


def _select(answers: Answers, library: Library, as_of: dt.date) -> Checklist:
    values = answers.facts()
    values["as_of"] = as_of
    facts = Facts(values, library.registry.thresholds_on(as_of))
    authorities = _Authorities(library.registry, as_of)

    included: list[IncludedPack] = []
    excluded: list[ExcludedPack] = []
    requirements: list[ChecklistRequirement] = []
    dropped: list[ExcludedRequirement] = []
    counsel: list[CounselPoint] = []

    for pack in sorted((entry.pack for entry in library.packs), key=_sort_key):
        pack_verdict = evaluate(pack.applies_when, facts)
        if not pack_verdict.ok:
            excluded.append(ExcludedPack.model_construct(
                id=pack.id, title=pack.title, why=f"excluded: {pack_verdict.reason}"))
            continue
        included.append(IncludedPack.model_construct(
            id=pack.id, title=pack.title, kind=pack.kind, version=pack.version,
            reviewed_on=pack.reviewed_on, purpose=" ".join(pack.purpose.split()),
            why=f"included: {pack_verdict.reason}"))
        for requirement in pack.requirements:
            own = evaluate(requirement.when, facts)
            if not own.ok:
                dropped.append(ExcludedRequirement.model_construct(
                    id=requirement.id, pack=pack.id, title=requirement.title,
                    why=f"excluded: {own.reason}"))
                continue
            refs = [authorities.ref(cite.id, cite.pinpoint) for cite in requirement.authorities]
            level, level_reason = _level(requirement, facts)
            level, demotion = _demote_if_not_in_force(level, refs, authorities, as_of)
            why = _requirement_why(pack, pack_verdict, own, requirement.when is not None,
                                   level_reason, demotion)
            requirements.append(ChecklistRequirement.model_construct(
                id=requirement.id, pack=pack.id, level=level, title=requirement.title,
                text=" ".join(requirement.text.split()),
                evidence=[" ".join(item.split()) for item in requirement.evidence],
                authorities=refs, why=why,
                counsel=" ".join(requirement.counsel.split()) if requirement.counsel else None,
                effective_from=requirement.effective_from))
            if requirement.counsel:
                counsel.append(CounselPoint.model_construct(
                    ref=requirement.id, point=" ".join(requirement.counsel.split())))

    cited = _cited_in_order(requirements)
    counsel.extend(_unverified_points(cited, authorities, library.registry, facts))
    return Checklist.model_construct(
        schema_="procure/checklist@1",
        as_of=as_of,
        generator=Generator.model_construct(name="procure", version=__version__),
        inputs_sha256=inputs_digest(answers, library, as_of),
        answers=answers.to_document(),
        packs=included,
        excluded_packs=excluded,
        requirements=requirements,
        excluded_requirements=dropped,
        counsel_points=counsel,
        deadlines=_deadlines(cited, requirements, authorities, facts, as_of),
        authority_register=_register(cited, authorities),
    )


def _cited_in_order(requirements: Iterable[ChecklistRequirement]) -> list[str]:
    seen: dict[str, None] = {}
    for requirement in requirements:
        for ref in requirement.authorities:
            seen.setdefault(ref.id, None)
    return sorted(seen)


def _unverified_points(cited: list[str], authorities: _Authorities, registry: Registry,
                       facts: Facts) -> list[CounselPoint]:
    points = []
    for authority_id in cited:
        authority = authorities.by_id[authority_id]
        if authority.verification == "unverified":
            points.append(CounselPoint.model_construct(
                ref=authority.id,
                point=f"{authority.citation}: its current text or status could not be verified "
                      f"against a primary source ({authority.source}); confirm before issuing."))
    by_id = {threshold.id: threshold for threshold in registry.thresholds}
    for threshold_id in sorted(facts.thresholds_used):
        threshold = by_id.get(threshold_id)
        entry = threshold.entry_on(facts.values["as_of"]) if threshold else None
        if threshold is not None and entry is not None and not entry.verified:
            points.append(CounselPoint.model_construct(
                ref=threshold.id,
                point=f"The {threshold.title} used to decide applicability is "
                      f"{entry.value:,.0f} per {entry.source}, a value not verified against the "
                      f"Federal Register; confirm it before relying on the decision."
                      + (f" {entry.note}" if entry.note else "")))
    return points


def _deadlines(cited: list[str], requirements: list[ChecklistRequirement],
               authorities: _Authorities, facts: Facts, as_of: dt.date) -> list[Deadline]:
    found: list[Deadline] = []
    for authority_id in cited:
        authority = authorities.by_id[authority_id]
        milestones = [milestone for milestone in authority.milestones
                      if milestone.date > as_of and evaluate(milestone.when, facts).ok]
        # A milestone says more than the status change on its own date, so it replaces it.
        milestone_dates = {milestone.date for milestone in milestones}
        for change in authority.timeline:
            if change.date > as_of and change.date not in milestone_dates:
                what = f"{authority.citation} {CHANGE_WORDS[change.status]}"
                if change.note:
                    what += f" ({change.note})"
                found.append(Deadline.model_construct(date=change.date, what=what,
                                                      authority=authority.id))
        for milestone in milestones:
            found.append(Deadline.model_construct(date=milestone.date, what=milestone.what,
                                                  authority=authority.id))
    starting: dict[tuple[dt.date, str], list[str]] = {}
    for requirement in requirements:
        if requirement.effective_from and requirement.effective_from > as_of:
            key = (requirement.effective_from, requirement.authorities[0].id)
            starting.setdefault(key, []).append(requirement.id)
    titles = {requirement.id: requirement.title for requirement in requirements}
    for (day, authority_id), ids in starting.items():
        what = (f"{ids[0]} takes effect: {titles[ids[0]]}" if len(ids) == 1
                else f"{len(ids)} requirements take effect: {', '.join(ids)}")
        found.append(Deadline.model_construct(date=day, what=what, authority=authority_id))
    found.sort(key=lambda item: (item.date, item.authority, item.what))
    return found


def _register(cited: list[str], authorities: _Authorities) -> list[RegisterEntry]:
    entries = []
    for authority_id in cited:
        authority = authorities.by_id[authority_id]
        status, sentence = authorities.status(authority_id)
        entries.append(RegisterEntry.model_construct(
            id=authority.id, citation=authority.citation, title=authority.title,
            kind=authority.kind, status=status.status, status_note=sentence,
            verification=authority.verification, url=str(authority.url)))
    return entries
