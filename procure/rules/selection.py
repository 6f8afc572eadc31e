"""Selection: the rules that turn answers into a checklist. Pure: no files, no clock, no I/O.

In: validated answers, the pack library (packs, authority registry, the answers' vocabulary) and
the document date. Out: a `Checklist` in which every included and excluded pack and requirement
carries its reason in the buyer's words, and every requirement its level and basis:

- MUST as law only where an authority it cites is law, is in force on the document date and
  binds this buyer for this purchase (one of its registry scopes holds);
- MUST as the buyer's specification where the pack or requirement lets a MUST stand on a standard,
  a target or a policy the buyer chose;
- otherwise at most SHOULD (good practice), with the reason ("FAR subpart 25.1 does not bind this
  purchase: …", "SHOULD until 2027-06-30, when … takes effect").

A requirement gives way (`yields_to`) where an authority that binds the buyer forbids it; its title,
text and counsel take the variant that is true on the document date; its fill-ins are filled from
the answers or left as visible blanks. Answers that contradict each other are refused; unusual
ones, and a document date past the law's review horizon, become warnings. An answer that is not
given but would decide whether an authority binds becomes a point for counsel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable

from .. import __version__
from ..model.answers import Answers
from ..model.checklist import (
    AuthorityRef,
    Basis,
    Blank,
    Checklist,
    ChecklistRequirement,
    ClauseInfo,
    CounselPoint,
    Deadline,
    ExcludedPack,
    ExcludedRequirement,
    Generator,
    IncludedPack,
    ProfileRow,
    RegisterEntry,
    ThresholdRow,
)
from ..model.conditions import Facts, Verdict, evaluate
from ..model.fillins import fill_in_text
from ..model.packs import (
    LEVEL_ORDER,
    PLACEHOLDER,
    LevelSpec,
    Library,
    Pack,
    PackFile,
    Parameter,
    Requirement,
    Worded,
    YieldRule,
)
from ..model.questions import schema_default
from ..model.registry import (
    CHANGE_WORDS,
    IN_FORCE,
    STATUS_WORDS,
    Authority,
    AuthorityStatus,
    Registry,
    status_word,
)
from ..support.gcpause import paused_gc
from .consistency import check_answers
from .fillins import check_fill_ins, library_parameters
from .tailoring import tailor

KIND_ORDER = {"legal": 0, "policy": 1, "technology": 2}
REQUIREMENT_ID = re.compile(r"[A-Z][A-Z0-9]*-[0-9]{3}[a-z]?")
NOT_ASKED = frozenset({"as_of"})


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
    """Authority statuses and binding on the document date, for this buyer, computed once each."""

    def __init__(self, registry: Registry, as_of: dt.date) -> None:
        self.by_id = registry.by_id()
        self.scopes = registry.scopes_by_id()
        self.citations = {key: value.citation for key, value in self.by_id.items()}
        self.as_of = as_of
        self.facts: Facts | None = None
        self._status: dict[str, tuple[AuthorityStatus, str]] = {}
        self._binding: dict[str, Verdict] = {}
        self._refs: dict[tuple[str, str], AuthorityRef] = {}

    def status(self, authority_id: str) -> tuple[AuthorityStatus, str]:
        found = self._status.get(authority_id)
        if found is None:
            authority = self.by_id[authority_id]
            status = authority.status_on(self.as_of)
            found = (status, status_sentence(authority, status, self.citations))
            self._status[authority_id] = found
        return found

    def in_force(self, authority_id: str) -> tuple[bool, str]:
        """For `in_force` conditions: whether it is in force, and a sentence saying so."""
        if authority_id not in self.by_id:
            return False, f"{authority_id} is not in the registry"
        status, sentence = self.status(authority_id)
        return status.in_force, f"{self.citations[authority_id]} is {sentence}"

    def binding(self, authority_id: str) -> Verdict | None:
        """Whether a law binds this buyer for this purchase (None for standards and waivers).

        It binds when one of its scopes holds, whatever its status: whether it is in force is
        the status's question.
        """
        authority = self.by_id[authority_id]
        if authority.nature != "law":
            return None
        found = self._binding.get(authority_id)
        if found is None:
            assert self.facts is not None
            failures: list[Verdict] = []
            for scope_id in authority.binds:
                scope = self.scopes[scope_id]
                verdict = scope.when.evaluate(self.facts)
                if verdict.ok:
                    found = Verdict(True, f"binds {scope.says}: {verdict.reason}")
                    break
                failures.append(verdict)
            if found is None and not authority.binds:
                found = Verdict(False, f"it binds {authority.binds_others or 'no buyer directly'}"
                                ", not buyers")
            if found is None:
                whom = " or ".join(self.scopes[scope_id].says for scope_id in authority.binds)
                here = "; ".join(dict.fromkeys(verdict.reason for verdict in failures))
                missing = frozenset().union(*(verdict.missing for verdict in failures))
                found = Verdict(False, f"it binds {whom}; here {here}", missing)
            self._binding[authority_id] = found
        return found

    def next_in_force(self, authority_id: str) -> dt.date | None:
        """The date an authority not yet in force takes effect, if its timeline says so."""
        for change in self.by_id[authority_id].timeline:
            if change.date > self.as_of and change.status == "effective":
                return change.date
        return None

    def clause_label(self, authority: Authority) -> str | None:
        if authority.clause is None:
            return None
        prefix = "DFARS" if authority.kind == "dfars_clause" else "FAR"
        return f"{authority.clause.label(prefix)}, {authority.clause.form}"

    def ref(self, authority_id: str, pinpoint: str) -> AuthorityRef:
        key = (authority_id, pinpoint)
        ref = self._refs.get(key)
        if ref is None:
            authority = self.by_id[authority_id]
            status, sentence = self.status(authority_id)
            binding = self.binding(authority_id)
            ref = AuthorityRef.model_construct(
                id=authority.id, citation=authority.citation, title=authority.title,
                status=status.status, status_note=sentence, url=str(authority.url),
                pinpoint=pinpoint, nature=authority.nature,
                binds=None if binding is None else binding.ok,
                binding_note=_binding_note(binding, status.status),
                clause=self.clause_label(authority),
            )
            self._refs[key] = ref
        return ref


def _binding_note(binding: Verdict | None, status: str) -> str:
    """Whom the authority binds, in words; a law not in force binds no purchase today."""
    if binding is None:
        return "binds no one: a standard, guidance or waiver"
    if not binding.ok:
        return f"does not bind this purchase: {binding.reason}"
    scope = binding.reason.removeprefix("binds ")
    if status in IN_FORCE:
        return f"binds this purchase ({scope})"
    if status in ("not_yet_effective", "proposed", "draft"):
        return f"would bind this purchase once in force ({scope})"
    return f"binds no purchase now: it is {status_word(status)} (it bound {scope})"


def _level(requirement: Requirement, facts: Facts) -> tuple[str, str, frozenset[str]]:
    """The level for these answers, why, and the unanswered keys that kept a MUST away."""
    spec = requirement.level
    if not isinstance(spec, LevelSpec):
        return spec, "", frozenset()
    missing: set[str] = set()
    for rule in spec.rules:
        verdict = rule.when.evaluate(facts)
        if verdict.ok:
            return rule.level, f"{rule.level} because {verdict.reason}", frozenset(missing)
        if rule.level == "MUST":
            missing |= verdict.missing
    return spec.default, f"{spec.default} (no stronger level applies)", frozenset(missing)


def _worded(worded: Worded | None, facts: Facts) -> tuple[str | None, str]:
    """The variant true for these answers on this date, and why (empty for the default)."""
    if worded is None:
        return None, ""
    if isinstance(worded, str):
        return " ".join(worded.split()), ""
    for rule in worded.rules:
        verdict = rule.when.evaluate(facts)
        if verdict.ok:
            return " ".join(rule.text.split()), verdict.reason
    return " ".join(worded.default.split()), ""


def _fill(text: str, values: dict[str, str], blanks: dict[str, str]) -> str:
    """Put each parameter's value, or its visible blank, where the text names it as {name}."""
    return PLACEHOLDER.sub(lambda found: values.get(found[1], blanks.get(found[1], found[0])),
                           text)


class _Selection:
    """One run of the rules: answers, library and date in; the checklist out."""

    def __init__(self, answers: Answers, library: Library, as_of: dt.date) -> None:
        self.answers = answers
        self.library = library
        self.as_of = as_of
        self.vocabulary = library.vocabulary
        self.authorities = _Authorities(library.registry, as_of)
        values = answers.facts()
        values["as_of"] = as_of
        labels = {name: parameter.label
                  for name, parameter in library_parameters(library).items()}
        self.facts = Facts(values, library.registry.thresholds_on(as_of), self.vocabulary,
                           self.authorities.in_force, fill_ins=answers.fill_ins,
                           fill_in_labels=labels)
        self.authorities.facts = self.facts
        self.counsel: list[CounselPoint] = []
        # An answer not given, and what it would decide (citations, requirement ids).
        self.undecided: dict[str, dict[str, None]] = {}
        self.pack_points: set[str] = set()
        self.stater = ("agency" if answers.federal_status == "agency" else "buyer")

    def run(self, source: str) -> Checklist:
        included: list[IncludedPack] = []
        excluded: list[ExcludedPack] = []
        requirements: list[ChecklistRequirement] = []
        dropped: list[ExcludedRequirement] = []
        for entry in sorted(self.library.packs, key=lambda item: _sort_key(item.pack)):
            pack = entry.pack
            verdict = evaluate(pack.applies_when, self.facts)
            if not verdict.ok:
                excluded.append(ExcludedPack.model_construct(
                    id=pack.id, title=pack.title, why=f"excluded: {verdict.reason}"))
                continue
            why = ("included: it applies to every buyer" if pack.applies_when is None
                   else f"included: {verdict.reason}")
            included.append(self._included_pack(entry, why))
            for requirement in pack.requirements:
                chosen = self._requirement(pack, verdict, requirement)
                if isinstance(chosen, ExcludedRequirement):
                    dropped.append(chosen)
                else:
                    requirements.append(chosen)
        chosen_list = Checklist.model_construct(
            schema_="procure/checklist@1",
            as_of=self.as_of,
            generator=Generator.model_construct(name="procure", version=__version__),
            inputs_sha256=inputs_digest(self.answers, self.library, self.as_of),
            answers=self.answers.to_document(),
            profile=self._profile(),
            warnings=self._warnings(included),
            thresholds=self._thresholds(),
            packs=included,
            excluded_packs=excluded,
            requirements=requirements,
            excluded_requirements=dropped,
            counsel_points=self.counsel,
            deadlines=[],
            authority_register=[],
            tailoring=[],
        )
        tailored = tailor(chosen_list, self.answers.tailoring, self.library,
                          self.forced_requirement, self.forced_pack, source)
        cited = _cited_in_order(tailored.requirements)
        counsel = _merged([*tailored.counsel_points, *self._undecided_points(),
                           *_unverified_points(cited, self.authorities, self.library.registry,
                                               self.facts)])
        return tailored.model_copy(update={
            "counsel_points": counsel,
            "deadlines": _deadlines(cited, tailored.requirements, self.authorities, self.facts,
                                    self.as_of),
            "authority_register": _register(cited, self.authorities),
        })

    def _included_pack(self, entry: PackFile, why: str) -> IncludedPack:
        pack = entry.pack
        return IncludedPack.model_construct(
            id=pack.id, title=pack.title, kind=pack.kind, version=pack.version,
            reviewed_on=pack.reviewed_on, purpose=" ".join(pack.purpose.split()), why=why,
            overrides=entry.replacement())

    def forced_requirement(self, requirement_id: str) -> ChecklistRequirement:
        """A requirement as the rules would make it for this buyer, even if they leave it out."""
        for entry in self.library.packs:
            for requirement in entry.pack.requirements:
                if requirement.id == requirement_id:
                    verdict = evaluate(entry.pack.applies_when, self.facts)
                    built = self._requirement(entry.pack, verdict, requirement, forced=True)
                    assert isinstance(built, ChecklistRequirement)
                    return built
        raise KeyError(requirement_id)

    def forced_pack(self, pack_id: str, reason: str) -> IncludedPack:
        entry = next(entry for entry in self.library.packs if entry.pack.id == pack_id)
        verdict = evaluate(entry.pack.applies_when, self.facts)
        why = f"included by tailoring: {reason}"
        if not verdict.ok:
            why += f"; the rules leave it out because {verdict.reason}"
        return self._included_pack(entry, why)

    def _requirement(self, pack: Pack, pack_verdict: Verdict, requirement: Requirement,
                     forced: bool = False) -> ChecklistRequirement | ExcludedRequirement:
        facts = self.facts
        own = evaluate(requirement.when, facts)
        if not own.ok and not forced:
            # The default title: its variants would mark thresholds as deciding something here.
            plain = requirement.title if isinstance(requirement.title, str) \
                else requirement.title.default
            return ExcludedRequirement.model_construct(
                id=requirement.id, pack=pack.id, title=" ".join(plain.split()),
                why=f"excluded: {own.reason}")
        title, _ = _worded(requirement.title, facts)
        assert title is not None
        refs = [self.authorities.ref(cite.id, cite.pinpoint) for cite in requirement.authorities]
        level, level_reason, level_missing = _level(requirement, facts)
        for key in level_missing:
            self._note_undecided(key, requirement.id)
        level, yielded = self._yield(requirement.yields_to, level)
        pack_yielded = ""
        if not yielded:
            level, pack_yielded = self._yield(pack.yields_to, level)
            if pack_yielded and pack.id not in self.pack_points:
                # One point for the whole pack: its every requirement gives way the same way.
                self.pack_points.add(pack.id)
                self.counsel.append(CounselPoint.model_construct(
                    ref=pack.id, point=f"Every requirement of this pack is {pack_yielded}."))
        level, basis, basis_note = self._basis(pack, requirement, level, refs)
        text, text_reason = _worded(requirement.text, facts)
        assert text is not None
        counsel, _ = _worded(requirement.counsel, facts)
        values, blanks, shown = self._blanks(requirement.parameters)
        if not own.ok or not pack_verdict.ok:
            left_out = own.reason if not own.ok else f"its pack: {pack_verdict.reason}"
            first = f"the rules leave it out ({left_out})"
        elif requirement.when is not None:
            first = f"applies because {own.reason}"
        elif pack.applies_when is None:
            first = f"part of the {pack.id} pack, which applies to every buyer"
        else:
            first = f"part of the {pack.id} pack, which applies because {pack_verdict.reason}"
        parts = [first, level_reason, yielded or pack_yielded, basis_note,
                 f"worded for this date and buyer because {text_reason}" if text_reason else ""]
        counsel = _fill(counsel, values, blanks) if counsel else None
        if yielded:
            counsel = f"{counsel} {yielded}." if counsel else f"{yielded[0].upper()}{yielded[1:]}."
        if counsel and not forced:
            self.counsel.append(CounselPoint.model_construct(ref=requirement.id, point=counsel))
        duty = requirement.buyer_duty
        if duty is not None and not self._binds_now(duty.id):
            duty = None
        return ChecklistRequirement.model_construct(
            id=requirement.id, pack=pack.id, level=level, title=_fill(title, values, blanks),
            text=_fill(text, values, blanks),
            evidence=[" ".join(item.split()) for item in requirement.evidence],
            authorities=refs, why="; ".join(part for part in parts if part), basis=basis,
            basis_note=basis_note, counsel=counsel, effective_from=requirement.effective_from,
            buyer_duty=(f"Supports the {self.stater}'s own duty under "
                        f"{self.authorities.citations[duty.id]}, {duty.pinpoint}"
                        if duty is not None else None),
            blanks=shown)

    def _binds_now(self, authority_id: str) -> bool:
        """Whether a law binds this buyer and is in force on the document date."""
        binding = self.authorities.binding(authority_id)
        status, _ = self.authorities.status(authority_id)
        return binding is not None and binding.ok and status.in_force

    def _yield(self, rules: list[YieldRule], level: str) -> tuple[str, str]:
        """Cap the level where an authority that binds this buyer forbids more, and say why."""
        for rule in rules:
            binding = self.authorities.binding(rule.authority)
            status, _ = self.authorities.status(rule.authority)
            if binding is None or not binding.ok or not status.in_force:
                continue
            if LEVEL_ORDER[level] < LEVEL_ORDER[rule.level]:
                citation = self.authorities.citations[rule.authority]
                return rule.level, (f"{rule.level} at most: {citation} binds this purchase "
                                    f"and {' '.join(rule.why.split())}")
        return level, ""

    def _basis(self, pack: Pack, requirement: Requirement, level: str,
               refs: list[AuthorityRef]) -> tuple[str, Basis, str]:
        """(level, basis, why the basis): law, the buyer's specification, or good practice."""
        if level != "MUST":
            return level, "practice", ""
        binding = [ref for ref in refs if ref.binds and ref.status == "effective"]
        if binding:
            cited = ", ".join(dict.fromkeys(ref.citation for ref in binding))
            verb = "binds" if len(binding) == 1 else "bind"
            return "MUST", "law", f"MUST as law: {cited} {verb} this purchase"
        for ref in refs:
            binding_verdict = self.authorities.binding(ref.id)
            if binding_verdict is not None and not binding_verdict.ok:
                for key in binding_verdict.missing:
                    self._note_undecided(key, ref.citation)
        if pack.musts_may_be_specification(requirement):
            return "MUST", "specification", (
                "MUST as the buyer's specification (no authority it cites binds this purchase "
                "as law)")
        upcoming = sorted((day, ref.citation) for ref in refs
                          if ref.binds and (day := self.authorities.next_in_force(ref.id)))
        if upcoming:
            day, citation = upcoming[0]
            return "SHOULD", "practice", (
                f"SHOULD until {day.isoformat()}, when {citation} takes effect; MUST for awards "
                "and deliveries bound by it from then on")
        # Authorities that fail for the same reason are named together.
        grouped: dict[tuple[str, str], list[str]] = {}
        for ref in refs:
            if ref.nature != "law":
                kind = "a waiver" if ref.nature == "relief" else "a standard or guidance"
                group = ("is", f"{kind}, not law")
            elif not ref.binds:
                group = ("does", ref.binding_note.removeprefix("does "))
            else:
                group = ("is", ref.status_note)
            grouped.setdefault(group, []).append(ref.citation)
        reasons = []
        for (verb, rest), citations in grouped.items():
            names = _joined(list(dict.fromkeys(citations)))
            plural = len(set(citations)) > 1
            if verb == "is":
                reasons.append(f"{names} {'are' if plural else 'is'} {rest}")
            else:
                reasons.append(f"{names} {'do' if plural else 'does'} {rest}")
        return "SHOULD", "practice", ("SHOULD, not MUST: no authority it cites binds this "
                                      f"purchase as law on {self.as_of.isoformat()} ("
                                      + "; ".join(reasons) + ")")

    def _blanks(self, parameters: list[Parameter]
                ) -> tuple[dict[str, str], dict[str, str], list[Blank]]:
        values: dict[str, str] = {}
        blanks: dict[str, str] = {}
        shown: list[Blank] = []
        for parameter in parameters:
            given = self.answers.fill_ins.get(parameter.name)
            value = None if given is None else fill_in_text(parameter.type, given)
            if value is None:
                blanks[parameter.name] = f"[{self.stater} states: {parameter.label}]"
            else:
                values[parameter.name] = value
            shown.append(Blank.model_construct(name=parameter.name, label=parameter.label,
                                               help=parameter.help, type=parameter.type,
                                               value=value))
        return values, blanks, shown

    def _note_undecided(self, key: str, what: str) -> None:
        if key not in NOT_ASKED:
            self.undecided.setdefault(key, {})[what] = None

    def _undecided_points(self) -> list[CounselPoint]:
        points = []
        words = self.vocabulary
        for key in sorted(self.undecided):
            decided = list(self.undecided[key])
            citations = [item for item in decided if not _is_requirement_id(item)]
            ids = [item for item in decided if _is_requirement_id(item)]
            parts = []
            if citations:
                verb = "binds" if len(citations) == 1 else "bind"
                parts.append(f"whether {_joined(citations)} {verb} this purchase")
            if ids:
                parts.append(f"the level of {_joined(ids)}")
            term = words.term(key)
            points.append(CounselPoint.model_construct(
                ref=words.title(key),
                point=f"{term[0].upper()}{term[1:]} is not given. It decides "
                      f"{' and '.join(parts)}; until it is stated, none of these is a legal MUST "
                      f"here. State it in the answers ({words.title(key)}) and generate again."))
        return points

    def _profile(self) -> list[ProfileRow]:
        """Every answer that was asked of this buyer, or given although not asked."""
        document = self.answers.model_dump(by_alias=True)
        rows = []
        for key, value in document.items():
            if key in ("schema", "fill_ins", "tailoring"):
                continue
            if not self.vocabulary.asked(key, document) and value == schema_default(key):
                continue
            rows.append(ProfileRow.model_construct(key=key, label=self.vocabulary.title(key),
                                                   value=self.vocabulary.answer(key, value)))
        return rows

    def _warnings(self, included: list[IncludedPack]) -> list[str]:
        warnings = list(check_answers(self.answers, self.as_of, self.vocabulary).warnings)
        registry = self.library.registry
        reviewed = [pack.reviewed_on for pack in included]
        if registry.reviewed_on is not None:
            reviewed.append(registry.reviewed_on)
        if reviewed:
            oldest = min(reviewed)
            horizon = oldest + dt.timedelta(days=registry.current_for_days)
            if self.as_of > horizon:
                warnings.append(
                    f"Law reviewed as of {oldest.isoformat()}: the document date "
                    f"{self.as_of.isoformat()} is more than {registry.current_for_days} days "
                    "later, so laws, clauses and thresholds may have changed since; update "
                    "procure's packs or have counsel check every MUST.")
        earliest = registry.earliest_date()
        if earliest is not None and self.as_of < earliest:
            warnings.append(
                f"The document date {self.as_of.isoformat()} is before the earliest date the "
                f"authority register knows ({earliest.isoformat()}); the statuses shown may "
                "not reflect the law on that date.")
        return warnings

    def _thresholds(self) -> list[ThresholdRow]:
        rows = []
        value = self.answers.contract_value_usd
        scopes = self.library.registry.scopes_by_id()
        for threshold in self.library.registry.thresholds:
            entry = threshold.entry_on(self.as_of)
            if entry is None or threshold.unit != "usd":
                continue
            shown_for = scopes.get(threshold.shown_for or "")
            # A threshold that decided something in this checklist is shown whoever the buyer is.
            if shown_for is not None and threshold.id not in self.facts.thresholds_used \
                    and not shown_for.when.evaluate(self.facts).ok:
                continue
            if value is None:
                position = "the estimated value is not given"
            else:
                amount = self.vocabulary.amount("contract_value_usd", value)
                relation = ("above" if value > entry.value
                            else "equal to" if value == entry.value else "below")
                position = f"this purchase ({amount}) is {relation} it"
            rows.append(ThresholdRow.model_construct(
                id=threshold.id, title=threshold.title, value=entry.value, since=entry.from_,
                verified=entry.verified, source=entry.source, position=position))
        return rows


def _merged(points: list[CounselPoint]) -> list[CounselPoint]:
    """One point per distinct text, naming every requirement it concerns, in first-seen order."""
    refs: dict[str, list[str]] = {}
    for point in points:
        refs.setdefault(point.point, []).append(point.ref)
    return [CounselPoint.model_construct(ref=", ".join(dict.fromkeys(names)), point=text)
            for text, names in refs.items()]


def _is_requirement_id(text: str) -> bool:
    """`DOM-005` is a requirement id; `FAR 52.225-1` is a citation, though it has a dash too."""
    return REQUIREMENT_ID.fullmatch(text) is not None


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _sort_key(pack: Pack) -> tuple[int, str]:
    return (KIND_ORDER.get(pack.kind, 9), pack.id)


def select(answers: Answers, library: Library, as_of: dt.date,
           source: str = "answers") -> Checklist:
    """Decide which packs and requirements apply to this buyer on `as_of`, and why.

    Answers that contradict each other are refused (an `InputFileError` naming `source`).
    """
    check_answers(answers, as_of, library.vocabulary).raise_errors(source)
    check_fill_ins(answers, library, source)
    with paused_gc():
        return _Selection(answers, library, as_of).run(source)


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
                ref=authority.citation,
                point=f"{authority.citation}: its current text or status could not be verified "
                      f"against a primary source ({authority.source}); confirm before issuing."))
    by_id = {threshold.id: threshold for threshold in registry.thresholds}
    for threshold_id in sorted(facts.thresholds_used):
        threshold = by_id.get(threshold_id)
        entry = threshold.entry_on(facts.values["as_of"]) if threshold else None
        if threshold is not None and entry is not None and not entry.verified:
            points.append(CounselPoint.model_construct(
                ref=threshold.title,
                point=f"The {threshold.title} used to decide applicability is "
                      f"${entry.value:,.0f} per {entry.source}, a value not verified against the "
                      f"Federal Register; confirm it before relying on the decision."
                      + (f" {entry.note}" if entry.note else "")))
    return points


def _deadlines(cited: list[str], requirements: list[ChecklistRequirement],
               authorities: _Authorities, facts: Facts, as_of: dt.date) -> list[Deadline]:
    """Dated changes ahead, only of laws that bind this buyer and of requirements it has."""
    found: list[Deadline] = []
    for authority_id in cited:
        authority = authorities.by_id[authority_id]
        binding = authorities.binding(authority_id)
        if binding is None or not binding.ok:
            continue
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
    # The law's own dated change already says what starts that day: name the requirements there,
    # rather than listing the same deadline twice.
    same_day = {(item.date, item.authority): index for index, item in enumerate(found)}
    for (day, authority_id), ids in starting.items():
        index = same_day.get((day, authority_id))
        if index is not None:
            known = found[index]
            found[index] = Deadline.model_construct(
                date=day, authority=authority_id,
                what=f"{known.what} (in this checklist: {', '.join(ids)})")
            continue
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
        binding = authorities.binding(authority_id)
        clause = authority.clause
        entries.append(RegisterEntry.model_construct(
            id=authority.id, citation=authority.citation, title=authority.title,
            kind=authority.kind, status=status.status, status_note=sentence,
            verification=authority.verification, url=str(authority.url),
            nature=authority.nature, binds=None if binding is None else binding.ok,
            binding_note=_binding_note(binding, status.status), source=authority.source,
            clause=None if clause is None else ClauseInfo.model_construct(
                label=authorities.clause_label(authority) or "", number=clause.number,
                date=clause.date, form=clause.form, signs=clause.signs,
                prescription=clause.prescription, incorporation=clause.incorporation,
                alternates=[f"{alternate.name}: {alternate.use}"
                            for alternate in clause.alternates],
                commercial=clause.commercial, flowdown=clause.flowdown,
                fill_ins=list(clause.fill_ins), overhaul=clause.overhaul)))
    return entries
