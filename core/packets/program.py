"""A program declaration (steps, documents, statuses, policies, emails) and its loader (data/programs/*.toml)."""

from __future__ import annotations

import copy
import json
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from core.forms import lookups, registry
from core.forms.header import HeaderItem, header_items
from core.forms.spec import Condition, FieldSpec, StepSpec, load_condition, load_step
from core.identity.policy import LoginPolicy, PasswordPolicy
from core.kernel.config import data_file, data_roots

INDIVIDUAL = "individual"
"""The entity type of a packet for one person; a declaration's variants name the others (an agency)."""


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    title: str
    template: str
    signature: str = "required"
    """required (the producer signs) or review (read, then Next)."""
    countersign: bool = False
    when: Condition = field(default_factory=Condition)
    approved_status: str = ""
    """The packet status in which the home office has approved it: signed documents are fully
    executed only from then on. Empty: the signature lines alone execute the document."""

    @property
    def needs_signature(self) -> bool:
        return self.signature == "required"

    @property
    def print_only(self) -> bool:
        """Printed, filled on paper and mailed: never signed or reviewed in the app."""
        return self.signature == "print"

    def template_text(self) -> str:
        return data_file(self.template).read_text(encoding="utf-8")


@dataclass(frozen=True)
class SubmitRule:
    """What Send Now / Submit does: the status it sets, from which statuses, and what the history says."""

    status: str = "sent"
    allowed_from: tuple[str, ...] = ("invited", "in_progress")
    resubmit_from: tuple[str, ...] = ()
    event: str = "packet sent"
    resubmit_event: str = "packet resubmitted"
    detail: str = "Send Now"
    """What the history says beside the event; `{key}` stands for the packet's key."""
    gateway: str = ""
    """A gateway registered in core that accepts or refuses the packet, saying why (view, today) -> result
    with `accepted` and `reasons`; empty: every submit is accepted."""
    failed_status: str = ""
    """The status a refusal sets (it keeps the reasons on the packet, and may be submitted again from it)."""
    failed_event: str = "packet refused"
    refuse: tuple[tuple[Condition, str], ...] = ()
    """Without a registered gateway, the refusals a local one applies ([[submit.refuse]]: `when`, `message`):
    conditions over the answers and `packet.today` (MM/DD/YYYY), standing in for a carrier's API."""


@dataclass(frozen=True)
class PacketPdf:
    """The packet's own document as one PDF ([pdf]): its template, title and footer, and values it names."""

    template: str
    title: str = "{key}"
    """`{key}` stands for the packet's key."""
    footer: str = ""
    values: dict[str, tuple[str, str]] = field(default_factory=dict)
    """`{{pdf.NAME}}` in the template: a format of answers ("{step.field} {step.other}") and what it reads
    as when they are empty."""


@dataclass(frozen=True)
class PaymentRule:
    """How a packet is paid ([payment], run by core.payments.packet): when, how much, and how its status reads."""

    amount: str
    """The registered computation (answers, today) -> the amount due."""
    after: tuple[str, ...] = ()
    """The packet statuses in which it can be paid."""
    refused: str = "This can't be paid yet."
    """Said when a packet in another status is to be paid."""
    choice: str = ""
    """"step.field": the answer that says how the status reads while nothing was paid or put off."""
    waiting: dict[str, str] = field(default_factory=dict)
    """That answer's value -> the status shown while nothing was paid or put off."""
    paid: str = "Paid"
    """The status once a payment was taken."""
    later: str = "Bill later"
    """The status once payment was put off (the screen's cancel)."""
    paid_event: str = "payment taken"
    later_event: str = "payment put off"
    paid_notice: str = "Payment taken. Confirmation number {confirmation}."
    """Said once paid; {confirmation} is the processor's number."""
    later_notice: str = "No payment taken."


@dataclass(frozen=True)
class RecordsRule:
    """A program whose packets are started, listed and opened as records by the people its [access] lets in
    ([records], run by core.packets.records), not by an invitation."""

    key: str
    """The key's pattern over a counter of the program's packets ("A-{:04d}")."""
    blank: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The answers a new record starts with, by step."""
    expires_after_days: int | None = None
    """A record not yet submitted expires this many days after it was started (None: never)."""
    facts: dict[str, str] = field(default_factory=dict)
    """What its screens show that is kept outside the answers: a name -> a registered fact (core.forms.registry)."""
    event: str = "record started"
    """The history's word for a start (its detail is the key)."""


@dataclass(frozen=True)
class Program:
    id: str
    title: str
    carrier: str
    source: str
    stages: tuple[str, ...]
    statuses: dict[str, str]
    steps: tuple[StepSpec, ...]
    documents: tuple[DocumentSpec, ...]
    password_policy: PasswordPolicy
    login_policy: LoginPolicy
    consent_template: str
    consent_version: str
    emails: dict[str, dict[str, str]]
    service_center: dict[str, str]
    key_prefix: str
    invite_requires_tin: bool = True
    """False when the producer enters their own SSN in the interview (e-vites)."""
    adopt_signature: bool = False
    """True: the first signature asks to adopt a name, initials and style (DocuSign-like)."""
    texts: dict[str, str] = field(default_factory=dict)
    """Named text files in data/ that screens show (user agreement, JIT explanation...)."""
    generated_documents: tuple[str, ...] = ()
    """Documents built from the packet itself for Print Packet: "summary", "certificate"."""
    signature_styles: tuple[str, ...] = ("script", "formal", "plain")
    navigation: str = "wizard"
    """wizard (one step after another) or tabs (the tab steps drawn together, seed 001)."""
    login_domain: str = ""
    """A domain the producer types at login (seed 001 has one); empty when there is none."""
    locked_statuses: tuple[str, ...] = ()
    """Statuses in which the producer can no longer change the packet (besides sent/countersigned)."""
    settings: dict[str, Any] = field(default_factory=dict)
    """Program-specific choices kept as data (offered states, invitation password hours...)."""
    campaign: dict[str, Any] = field(default_factory=dict)
    """How a campaign of this program runs ([campaign]: roster states, reminder and warning days, expiry text)."""
    modules: tuple[str, ...] = ()
    """Core modules that register the names the declaration uses (computed values, checks, lookups)."""
    submit: SubmitRule = field(default_factory=SubmitRule)
    pdf: PacketPdf | None = None
    """The packet's own document ([pdf]), printed whole from its answers (an application), if any."""
    header: tuple[tuple[HeaderItem, ...], ...] = ()
    """A header above every step instead of the stage bar: lines of labels and their values."""
    entity_type: str = INDIVIDUAL
    """Whom this declaration is for: "individual", or the name of one of the base declaration's variants."""
    entity_label: str = "Individual"
    variants: dict[str, Program] = field(default_factory=dict)
    """The same declaration for another kind of producer ([variants.NAME], e.g. an agency), by entity type."""
    roster: dict[str, Any] = field(default_factory=dict)
    """What an invitation must give for this declaration ([roster]): `tin_kinds` allowed, `requires` (names)."""
    review: dict[str, Any] = field(default_factory=dict)
    """The home office's review of submitted packets ([review], read by core.packets.review)."""
    access: dict[str, Any] = field(default_factory=dict)
    """How producers reach their packets when not by invitation code ([access], core.packets.accounts), and for
    a program whose packets delegates fill: `scope` and `scope_field` (who works for the producer there),
    `owner` and `owner_field` (the answer that says whose packet it is), `read` and `edit` (the table's actions)."""
    saved_status: dict[str, str] = field(default_factory=lambda: {"invited": "in_progress"})
    """The status a save moves a packet to from another (a first save starts it; a save reopens a failed one)."""
    wizard: dict[str, Any] = field(default_factory=dict)
    """The kit wizard's words and parts ([wizard]): `title`, `finish` (the last step's Next), `saved` (Save &
    Exit's message, "{v.NAME}" from the record), `records` ("module:name" of the store: (ctx, actor, id)),
    `focus_problem` (steps whose Next moves the focus to the first field to fix)."""
    listed: bool = True
    """False: a program whose packets are records of their own (applications): the desk, the producer's
    overview, campaigns and review do not list it among the contracting programs."""
    payment: PaymentRule | None = None
    """How its packets are paid ([payment]); None: they take no payment."""
    records: RecordsRule | None = None
    """How its packets are started, listed and opened as records ([records]); None: by invitation."""

    @property
    def entity_types(self) -> tuple[str, ...]:
        """The entity types a packet of this program may have: individual, then each variant."""
        return (INDIVIDUAL, *self.variants)

    def variant(self, entity_type: str) -> Program:
        """The declaration a packet of this entity type follows (this one for an individual)."""
        if entity_type in ("", self.entity_type):
            return self
        if entity_type in self.variants:
            return self.variants[entity_type]
        raise KeyError(f"{self.id} declares no {entity_type!r} variant")

    @property
    def tabs(self) -> tuple[StepSpec, ...]:
        """The steps drawn as tabs, in order."""
        return tuple(s for s in self.steps if s.tab)

    def steps_for(self, answers: dict[str, dict[str, Any]]) -> list[StepSpec]:
        """The steps that apply to a packet with these answers."""
        return [s for s in self.steps if s.when.holds(answers)]

    def step(self, step_id: str) -> StepSpec:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def _neighbour(self, step_id: str, answers: dict[str, dict[str, Any]] | None, offset: int) -> StepSpec | None:
        applicable = {s.id for s in (self.steps_for(answers) if answers is not None else self.steps)}
        ids = [s.id for s in self.steps]
        index = ids.index(step_id) + offset
        while 0 <= index < len(ids):
            if ids[index] in applicable:
                return self.steps[index]
            index += offset
        return None

    def next_step(self, step_id: str, answers: dict[str, dict[str, Any]] | None = None) -> StepSpec | None:
        """The next step that applies (all steps when no answers are given)."""
        return self._neighbour(step_id, answers, 1)

    def previous_step(self, step_id: str, answers: dict[str, dict[str, Any]] | None = None) -> StepSpec | None:
        return self._neighbour(step_id, answers, -1)

    def documents_for(self, answers: dict[str, dict[str, Any]]) -> list[DocumentSpec]:
        return [d for d in self.documents if d.when.holds(answers)]

    def field(self, qualified: str) -> FieldSpec:
        step_id, _, name = qualified.partition(".")
        for spec in self.step(step_id).fields:
            if spec.name == name:
                return spec
        raise KeyError(qualified)

    def consent_text(self) -> str:
        return data_file(self.consent_template).read_text(encoding="utf-8")


def _document(raw: dict[str, Any]) -> DocumentSpec:
    return DocumentSpec(
        id=raw["id"],
        title=raw["title"],
        template=raw["template"],
        signature=raw.get("signature", "required"),
        countersign=raw.get("countersign", False),
        when=load_condition(raw.get("when", {})),
        approved_status=raw.get("approved_status", ""),
    )


def load_program(path: Path) -> Program:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    registry.load_modules(tuple(raw.get("modules", ())))
    lookups.register(raw.get("lookups", {}))
    base = _program(raw)
    variants = {
        name: replace(_program(_with_variant(raw, overrides)), entity_type=name,
                      entity_label=overrides.get("label", name.title()))
        for name, overrides in raw.get("variants", {}).items()
    }
    return replace(base, variants=variants)


def _with_variant(raw: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """The raw declaration with a variant's overrides applied.

    A variant's step replaces the step of the same id (a section written `same = "Title"` is the base
    step's section of that title); a document replaces the one it names in `replaces` (or of its own
    id) in place, or is added; emails and texts are replaced one by one; any other table is replaced.
    """
    merged = copy.deepcopy({k: v for k, v in raw.items() if k != "variants"})
    for key, value in overrides.items():
        if key == "label":
            continue
        if key == "steps":
            unknown = {s["id"] for s in value} - {s["id"] for s in merged["steps"]}
            if unknown:
                raise ValueError(f"{raw['id']}: a variant replaces steps the program lacks: {', '.join(sorted(unknown))}")
            merged["steps"] = [_variant_step(step, value) for step in merged["steps"]]
        elif key == "documents":
            merged["documents"] = _variant_documents(merged.get("documents", []), value)
        elif key in ("emails", "texts", "settings"):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def _variant_step(step: dict[str, Any], variant_steps: list[dict[str, Any]]) -> dict[str, Any]:
    own = next((s for s in variant_steps if s["id"] == step["id"]), None)
    if own is None:
        return step
    by_title = {section["title"]: section for section in step.get("sections", [])}
    missing = [s["same"] for s in own.get("sections", []) if "same" in s and s["same"] not in by_title]
    if missing:
        raise ValueError(f"step {step['id']} has no section {missing[0]!r} for a variant to reuse")
    sections = [by_title[s["same"]] if "same" in s else s for s in own.get("sections", [])]
    return {**step, **own, "sections": sections}


def _variant_documents(documents: list[dict[str, Any]], variant_documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = list(documents)
    for document in variant_documents:
        target = document.get("replaces", document["id"])
        index = next((i for i, d in enumerate(result) if d["id"] == target), None)
        own = {k: v for k, v in document.items() if k != "replaces"}
        if index is None and "replaces" in document:
            raise ValueError(f"a variant's document {document['id']} replaces {target}, which the program lacks")
        if index is None:
            result.append(own)
        else:
            result[index] = own
    return result


def _program(raw: dict[str, Any]) -> Program:
    return Program(
        id=raw["id"],
        title=raw["title"],
        carrier=raw.get("carrier", ""),
        source=raw.get("source", ""),
        stages=tuple(raw.get("stages", ())),
        statuses=dict(raw["statuses"]),
        steps=tuple(load_step(s) for s in raw["steps"]),
        documents=tuple(_document(d) for d in raw.get("documents", [])),
        password_policy=PasswordPolicy(**raw.get("password_policy", {})),
        login_policy=LoginPolicy(**raw.get("login_policy", {})),
        consent_template=raw.get("consent", {}).get("template", ""),
        consent_version=raw.get("consent", {}).get("version", ""),
        emails=dict(raw.get("emails", {})),
        service_center=dict(raw.get("service_center", {})),
        key_prefix=raw.get("key_prefix", "PK"),
        invite_requires_tin=raw.get("invite_requires_tin", True),
        adopt_signature=raw.get("adopt_signature", False),
        texts=dict(raw.get("texts", {})),
        generated_documents=tuple(raw.get("generated_documents", ())),
        signature_styles=tuple(raw.get("signature_styles", ("script", "formal", "plain"))),
        navigation=raw.get("navigation", "wizard"),
        login_domain=raw.get("login_domain", ""),
        locked_statuses=tuple(raw.get("locked_statuses", ())),
        settings=dict(raw.get("settings", {})),
        campaign=dict(raw.get("campaign", {})),
        modules=tuple(raw.get("modules", ())),
        submit=_submit(raw.get("submit", {})),
        pdf=_pdf(raw["pdf"]) if "pdf" in raw else None,
        header=header_items(raw.get("header", [])),
        roster=dict(raw.get("roster", {})),
        review=dict(raw.get("review", {})),
        access=dict(raw.get("access", {})),
        saved_status=dict(raw.get("saved_status", {"invited": "in_progress"})),
        listed=raw.get("packets", True) is not False,
        wizard=dict(raw.get("wizard", {})),
        payment=_payment(raw["payment"]) if "payment" in raw else None,
        records=_records(raw["records"]) if "records" in raw else None,
    )


def _days(value: int | str | None) -> int | None:
    """A number of days written in place, or read from a data file ("folder/file.json#name")."""
    if value is None or isinstance(value, int):
        return value
    path, _, name = value.partition("#")
    return int(json.loads(data_file(path).read_text(encoding="utf-8"))[name])


def _records(raw: dict[str, Any]) -> RecordsRule:
    return RecordsRule(key=raw["key"], blank={k: dict(v) for k, v in raw.get("blank", {}).items()},
                       expires_after_days=_days(raw.get("expires_after_days")), facts=dict(raw.get("facts", {})),
                       event=raw.get("event", "record started"))


def _payment(raw: dict[str, Any]) -> PaymentRule:
    events, notices = raw.get("events", {}), raw.get("notices", {})
    default = PaymentRule(amount="")
    return PaymentRule(
        amount=raw["amount"], after=tuple(raw.get("after", ())), refused=raw.get("refused", default.refused),
        choice=raw.get("choice", ""), waiting=dict(raw.get("waiting", {})), paid=raw.get("paid", default.paid),
        later=raw.get("later", default.later), paid_event=events.get("paid", default.paid_event),
        later_event=events.get("later", default.later_event),
        paid_notice=notices.get("paid", default.paid_notice), later_notice=notices.get("later", default.later_notice),
    )


def _submit(raw: dict[str, Any]) -> SubmitRule:
    default = SubmitRule()
    if (raw.get("gateway") or raw.get("refuse")) and not raw.get("failed_status"):
        raise ValueError("[submit] a gateway may refuse: declare the failed_status its refusal sets")
    return SubmitRule(
        status=raw.get("status", default.status),
        allowed_from=tuple(raw.get("from", default.allowed_from)),
        resubmit_from=tuple(raw.get("resubmit_from", ())),
        event=raw.get("event", default.event),
        resubmit_event=raw.get("resubmit_event", default.resubmit_event),
        detail=raw.get("detail", default.detail),
        gateway=raw.get("gateway", ""),
        failed_status=raw.get("failed_status", ""),
        failed_event=raw.get("failed_event", default.failed_event),
        refuse=tuple((load_condition(r["when"]), r["message"]) for r in raw.get("refuse", ())),
    )


def _pdf(raw: dict[str, Any]) -> PacketPdf:
    values = {name: (v, "") if isinstance(v, str) else (v["value"], v.get("otherwise", ""))
              for name, v in raw.get("values", {}).items()}
    return PacketPdf(raw["template"], raw.get("title", "{key}"), raw.get("footer", ""), values)


@cache
def declared_programs() -> dict[str, Program]:
    """Every program declared in data/programs, listed or not."""
    found = {}
    for root in reversed(data_roots()):  # a root listed first wins
        for path in sorted((root / "programs").glob("*.toml")):
            declared = load_program(path)
            found[declared.id] = declared
    return found


def programs() -> dict[str, Program]:
    """The contracting programs (not those declaring `packets = false`: records of their own, applications)."""
    return {pid: prog for pid, prog in declared_programs().items() if prog.listed}


def program(program_id: str) -> Program:
    return declared_programs()[program_id]
