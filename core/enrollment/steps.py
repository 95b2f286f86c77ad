"""The six wizard steps as data (plain field groups) and each step's full check, lists included."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from core.enrollment import catalog, rules
from core.forms.fields import parse_date, step_problems
from core.forms.spec import Condition, FieldSpec, Section, StepSpec
from core.forms.values import parse_money

STEP_IDS = ("general", "applicant", "household", "plans", "coverage", "sign")
STEP_TITLES = (
    "General Info / SEP / Effective Date", "Authorization and Applicant", "HRA, Identity, Spouse and Dependents",
    "Plan Selection and PCP", "Coverage Replacement, Other Coverage, Proxy", "Signatures and Payment",
)
FORM_TYPES = ("Medical/Dental", "Dental")
AUTHORIZATIONS = ("Paper application", "In person")
SEXES = ("Male", "Female")
HISPANIC = catalog.hispanic_origins()
RACES = catalog.races()  # data/ifm/ethnicity.json notes the seed's misprint it corrects
RELATIONSHIPS = ("Spouse", "Child", "Stepchild", "Foster child", "Ward", "Other dependent")


def _yes(name: str) -> Condition:
    return Condition(field=name, equals="Yes")


def _checked(name: str) -> Condition:
    return Condition(field=name, equals="true")


APPLICANT = StepSpec("applicant", STEP_TITLES[1], "form", sections=(
    Section("Application Information", (
        FieldSpec("form_type", "Application Form", "choice", required=True, options=FORM_TYPES,
                  placeholder="Medical/Dental or Dental"),
        FieldSpec("authorization", "Authorization", "choice", required=True, options=AUTHORIZATIONS,
                  placeholder="Paper application or In person",
                  help="Paper application: the client signed on paper. In person: opens the Terms and Agreements."),
    )),
    Section("Personal Information", (
        FieldSpec("first_name", "First Name", required=True, max_length=40),
        FieldSpec("mi", "MI", max_length=1),
        FieldSpec("last_name", "Last Name", required=True, max_length=60),
        FieldSpec("birth_date", "Date of Birth", "birthdate", required=True, pii=True, placeholder="MM/DD/YYYY"),
        FieldSpec("ssn", "SSN", "ssn", pii=True, placeholder="optional"),
        FieldSpec("tobacco", "Used tobacco 4+ times a week in the last 6 months (not religious or ceremonial)?",
                  "yesno", required=True),
        FieldSpec("tobacco_last_use", "Date of last use", "date", required_when=_yes("tobacco"),
                  placeholder="MM/DD/YYYY"),
        FieldSpec("sex", "Sex", "choice", required=True, options=SEXES, placeholder="Male or Female"),
    )),
    Section("Home Address", (
        FieldSpec("address1", "Address", required=True, max_length=80),
        FieldSpec("address2", "Apt/Suite", max_length=40),
        FieldSpec("city", "City", required=True, max_length=60),
        FieldSpec("state", "State", "state", required=True),
        FieldSpec("zip", "Zip Code", "zip", required=True),
        FieldSpec("county", "County", required=True, max_length=60),
        FieldSpec("mailing_different", "Is the mailing address different from the home address?", "yesno",
                  required=True),
        FieldSpec("mail_address1", "Mailing Address", max_length=80, required_when=_yes("mailing_different")),
        FieldSpec("mail_city", "Mailing City", max_length=60, required_when=_yes("mailing_different")),
        FieldSpec("mail_state", "Mailing State", "state", required_when=_yes("mailing_different")),
        FieldSpec("mail_zip", "Mailing Zip Code", "zip", required_when=_yes("mailing_different")),
    )),
    Section("Contact Information", (
        FieldSpec("phone", "Primary Phone", "phone", required=True, placeholder="555-666-7777"),
        FieldSpec("phone_type", "Phone Type", "choice", required=True, options=("Mobile", "Landline"),
                  placeholder="Mobile or Landline"),
        FieldSpec("email", "Email Address", "email", max_length=120),
    )),
))

HOUSEHOLD = StepSpec("household", STEP_TITLES[2], "form", sections=(
    Section("Health Reimbursement Arrangement (HRA) - complete if applicable", (
        FieldSpec("hra_type", "Type of HRA", "choice", options=("ICHRA", "QSEHRA"), placeholder="ICHRA or QSEHRA"),
        FieldSpec("hra_start", "HRA Start Date", "date", placeholder="MM/DD/YYYY"),
        FieldSpec("hra_employer", "Employer Name", max_length=80),
        FieldSpec("hra_contribution", "Monthly Contribution", "money", placeholder="0.00"),
    )),
    Section("Optional Language, Ethnicity, & Identity", (
        FieldSpec("language_spoken", "Spoken Language", "choice", options=catalog.languages(), placeholder="e.g. English"),
        FieldSpec("language_written", "Written Language", "choice", options=catalog.languages(), placeholder="e.g. Spanish"),
        FieldSpec("hispanic", "Hispanic/Latino origin", "choice", options=HISPANIC, placeholder="e.g. Mexican, Cuban"),
        FieldSpec("race", "Race / identity", "choice", options=RACES, placeholder="e.g. White, Korean"),
    )),
))

MEMBER = StepSpec("member", "Spouse or Dependent", "form", sections=(
    Section("Spouse or Dependent Information", (
        FieldSpec("relationship", "Relationship", "choice", required=True, options=RELATIONSHIPS,
                  placeholder="Spouse or Child"),
        FieldSpec("first_name", "First Name", required=True, max_length=40),
        FieldSpec("mi", "MI", max_length=1),
        FieldSpec("last_name", "Last Name", required=True, max_length=60),
        FieldSpec("birth_date", "Date of Birth", "birthdate", required=True, pii=True, placeholder="MM/DD/YYYY"),
        FieldSpec("ssn", "SSN", "ssn", pii=True, placeholder="optional"),
        FieldSpec("sex", "Sex", "choice", required=True, options=SEXES, placeholder="Male or Female"),
        FieldSpec("tobacco", "Tobacco Use", "yesno", required=True),
        FieldSpec("language_spoken", "Spoken Language", "choice", options=catalog.languages(), placeholder="optional"),
    )),
))

REPLACEMENT = StepSpec("replacement", "Coverage Replacement", "form", sections=(Section("Replaced coverage", (
    FieldSpec("person", "Covered Person", required=True, max_length=80),
    FieldSpec("company", "Name of Insurance Company", required=True, max_length=80),
    FieldSpec("policy", "Policy Number", required=True, max_length=40),
    FieldSpec("termination", "Termination Date", "date", required=True, placeholder="MM/DD/YYYY"),
)),))

OTHER_COVERAGE = StepSpec("other", "Other Coverage", "form", sections=(Section("Other coverage", (
    FieldSpec("person", "Applicant Name", required=True, max_length=80),
    FieldSpec("policy_name", "Name on Other Policy (if different)", max_length=80),
    FieldSpec("member_number", "Member Number", required=True, max_length=40),
    FieldSpec("group_id", "Group ID", required=True, max_length=40),
)),))

COVERAGE = StepSpec("coverage", STEP_TITLES[4], "form", sections=(Section("Coverage", (
    FieldSpec("replacing", "Will this plan replace health coverage you already have?", "yesno", required=True),
    FieldSpec("other_coverage", "Does anyone applying have, or had in the last 60 days, other coverage?", "yesno",
              required=True),
    FieldSpec("proxy", "I agree to the Proxy Statement (optional)", "checkbox"),
)),))

SIGN = StepSpec("sign", STEP_TITLES[5], "form", sections=(
    Section("Authorized Representative", (
        FieldSpec("auth_rep", "I am an authorized representative for the primary applicant", "checkbox"),
        FieldSpec("rep_first", "Rep First Name", max_length=40, required_when=_checked("auth_rep")),
        FieldSpec("rep_last", "Rep Last Name", max_length=60, required_when=_checked("auth_rep")),
        FieldSpec("rep_relationship", "Relationship to Applicant", max_length=40, required_when=_checked("auth_rep")),
    )),
    Section("Payment Information", (
        FieldSpec("payment_choice", "Pay Now or Pay Later", "choice", required=True, options=("Pay Now", "Pay Later"),
                  placeholder="Pay Now or Pay Later",
                  help="Pay Now opens the payment screen after submitting; Pay Later: a bill is mailed."),
    )),
))
GUARDIAN = Section("Parent/Legal Guardian Information", (
    FieldSpec("guardian_first", "Guardian First Name", required=True, max_length=40),
    FieldSpec("guardian_last", "Guardian Last Name", required=True, max_length=60),
    FieldSpec("guardian_relationship", "Relationship to Applicant", required=True, max_length=40),
))
TX_DISCLOSURE = Section("Consumer Choice Disclosure", (
    FieldSpec("tx_disclosure", "I agree to the Consumer Choice Disclosure", "checkbox", required=True),
))


def sign_step(answers: dict[str, dict[str, Any]]) -> StepSpec:
    """Signatures and Payment with the guardian and Texas sections when they apply."""
    extra: tuple[Section, ...] = ()
    if guardian_needed(answers):
        extra += (GUARDIAN,)
    medical = catalog.plan(answers.get("plans", {}).get("medical_plan_id"))
    if rules.needs_tx_disclosure(answers.get("applicant", {}).get("state", ""), medical.name if medical else None):
        extra += (TX_DISCLOSURE,)
    return replace(SIGN, sections=extra + SIGN.sections)


def replacement_shown(answers: dict[str, dict[str, Any]]) -> bool:
    """Whether this application asks about Coverage Replacement (not on Dental forms in the states data names)."""
    applicant = answers.get("applicant", {})
    return rules.coverage_replacement_shown(str(applicant.get("state") or ""), str(applicant.get("form_type") or ""))


def coverage_step(answers: dict[str, dict[str, Any]]) -> StepSpec:
    """Coverage Replacement, Other Coverage, Proxy: without the replacement question where it is not shown."""
    if replacement_shown(answers):
        return COVERAGE
    sections = tuple(replace(s, fields=tuple(f for f in s.fields if f.name != "replacing")) for s in COVERAGE.sections)
    return replace(COVERAGE, sections=sections)


def effective(answers: dict[str, dict[str, Any]]) -> date | None:
    return parse_date(str(answers.get("general", {}).get("effective_date") or ""))


def guardian_needed(answers: dict[str, dict[str, Any]]) -> bool:
    birth = parse_date(str(answers.get("applicant", {}).get("birth_date") or ""))
    when = effective(answers)
    return bool(birth and when and rules.needs_guardian(birth, when))


def _list_problems(spec: StepSpec, rows: list[dict[str, Any]], key: str, today: date) -> dict[str, str]:
    problems = {}
    for i, row in enumerate(rows):
        found = step_problems(spec, row, today)
        if found:
            problems[f"{key}.{i}"] = f"{key.title()} {i + 1}: {next(iter(found.values()))}"
    return problems


def _general(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    values = answers.get("general", {})
    problems: dict[str, str] = {}
    if not values.get("writing_number"):
        problems["writing_number"] = "Choose the writing producer number."
    sep = values.get("sep", "Yes")
    state = values.get("state", "")
    if sep == "No" and not rules.sep_editable(state, today):
        problems["sep"] = "Outside open enrollment this must be a special enrollment (Yes)."
    if sep == "Yes":
        events = values.get("life_events") or []
        if not events:
            problems["life_events"] = "Add at least one life event with its date."
        for i, event in enumerate(events):
            day = parse_date(str(event.get("date", "")))
            problem = "enter the date as MM/DD/YYYY" if day is None else rules.event_problem(event.get("kind", ""), day, today)
            if problem:
                problems[f"life_events.{i}"] = f"Life event {i + 1}: {problem}"
    if not values.get("effective_date"):
        problems["effective_date"] = "Calculate the effective date."
    return problems


def _applicant(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    values = answers.get("applicant", {})
    problems = step_problems(APPLICANT, values, today)
    if values.get("authorization") == "In person" and values.get("terms_accepted") != "true":
        problems["authorization"] = "The client must accept the Terms and Agreements (in person)."
    zip_code = str(values.get("zip") or "")
    if "zip" not in problems and zip_code:
        found = catalog.place(zip_code)
        if found is None:
            problems["zip"] = "Zip Code: not a ZIP code in IL, MT, NM, OK or TX."
        elif found.state != str(values.get("state", "")).upper():
            problems["state"] = f"State: ZIP {zip_code} is in {found.state}."
        elif values.get("county") and values["county"] != found.county:
            problems["county"] = f"County: ZIP {zip_code} is in {found.county}."
    producer_state = answers.get("general", {}).get("state", "")
    if producer_state and values.get("state") and str(values["state"]).upper() != producer_state and "state" not in problems:
        problems["state"] = f"State: the writing producer number is for {producer_state}; it must match the home state."
    return problems


def _household(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    values = answers.get("household", {})
    problems = step_problems(HOUSEHOLD, values, today)
    if values.get("hra_type"):
        for name, label in (("hra_start", "HRA Start Date"), ("hra_employer", "Employer Name"),
                            ("hra_contribution", "Monthly Contribution")):
            if not values.get(name):
                problems[name] = f"{label} is required with an HRA."
    if values.get("hra_type") == "QSEHRA" and "hra_contribution" not in problems:
        monthly = parse_money(str(values.get("hra_contribution") or ""))
        when = parse_date(str(values.get("hra_start") or "")) or effective(answers) or today
        family = bool(values.get("members"))
        cap = rules.qsehra_problem(monthly, when.year, family) if monthly is not None else None
        if cap:
            problems["hra_contribution"] = cap
    members = values.get("members") or []
    limit = rules.household_problem(len(members))
    if limit:
        problems["members"] = limit
    if sum(1 for m in members if m.get("relationship") == "Spouse") > 1:
        problems["members"] = "Only one spouse can be on an application."
    problems.update(_list_problems(MEMBER, members, "members", today))
    return problems


def _plans(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    values = answers.get("plans", {})
    state = answers.get("applicant", {}).get("state", "")
    form = answers.get("applicant", {}).get("form_type", "Medical/Dental")
    problems: dict[str, str] = {}
    medical = catalog.plan(values.get("medical_plan_id"))
    dental = catalog.plan(values.get("dental_plan_id"))
    if form == "Medical/Dental" and medical is None:
        problems["medical_plan_id"] = "Select the medical coverage."
    if form == "Dental" and medical is not None:
        problems["medical_plan_id"] = "A Dental application has no medical coverage."
    if form == "Dental" and dental is None:
        problems["dental_plan_id"] = "Select the dental coverage."
    for key, chosen in (("medical_plan_id", medical), ("dental_plan_id", dental)):
        if chosen is not None and (chosen.state != state or chosen.on_exchange):
            problems[key] = f"{chosen.name} is not offered off-exchange in {state or 'this state'}."
    if medical is not None and dental is None and values.get("pediatric_dental") != "true" and _has_children(answers):
        problems["pediatric_dental"] = "Add a dental plan or attest that the children already have pediatric dental."
    for who, number in (values.get("pcp") or {}).items():
        problem = rules.pcp_problem(str(number))
        if problem:
            problems[f"pcp.{who}"] = problem
    return problems


def _has_children(answers: dict[str, dict[str, Any]]) -> bool:
    when = effective(answers)
    births = [parse_date(str(m.get("birth_date", ""))) for m in answers.get("household", {}).get("members") or []]
    births.append(parse_date(str(answers.get("applicant", {}).get("birth_date", ""))))
    return any(b and when and rules.age_on(b, when) < 19 for b in births)


def _coverage(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    values = answers.get("coverage", {})
    problems = step_problems(coverage_step(answers), {"replacing": "No", "other_coverage": "No", **values}, today)
    if values.get("replacing") == "Yes" and replacement_shown(answers):
        rows = values.get("replacements") or []
        if not rows:
            problems["replacements"] = "Add the coverage being replaced for each applicant replacing coverage."
        problems.update(_list_problems(REPLACEMENT, rows, "replacements", today))
    if values.get("other_coverage") == "Yes":
        rows = values.get("others") or []
        if not rows:
            problems["others"] = "Add the other coverage for each applicant who has it."
        problems.update(_list_problems(OTHER_COVERAGE, rows, "others", today))
    return problems


def _sign(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    return step_problems(sign_step(answers), answers.get("sign", {}), today)


CHECKS = {"general": _general, "applicant": _applicant, "household": _household, "plans": _plans,
          "coverage": _coverage, "sign": _sign}


def problems(step: str, answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    """Every problem of one step at once, keyed by field (list rows as "members.2")."""
    return CHECKS[step](answers, today)


def all_problems(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    """Problems of every step, keyed "step:field", for Submit."""
    return {f"{step}:{k}": v for step in STEP_IDS for k, v in problems(step, answers, today).items()}

