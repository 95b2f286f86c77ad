"""Database tables. Values screens use are built from these by the services, never edited in place by tui/."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel


class Producer(SQLModel, table=True):
    """A licensed producer as the carrier's roster knows them. PII columns end in _enc."""

    id: int | None = Field(default=None, primary_key=True)
    first_name: str
    middle_name: str = ""
    last_name: str
    name_key: str = Field(index=True)
    """Lower-case, accent-free "last first" for prefix search."""
    tin_kind: str = "SSN"
    tin_enc: str
    tin_last4: str = Field(index=True)
    tin_index: str = Field(index=True, sa_column_kwargs={"info": {"blind_index_of": "tin_enc"}})
    """Keyed hash of the TIN for exact lookups (the value itself is encrypted)."""
    birth_date_enc: str | None = None
    npn: str | None = Field(default=None, index=True)
    email: str = Field(index=True)
    title: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    business_phone: str = Field(default="", index=True)
    business_ext: str = ""
    resident_phone: str = ""
    states: str = ""
    """Contracted states, comma separated (IL,NM,...)."""
    created_at: datetime
    name_alt: str = Field(default="", index=True)
    """Lower-case, accent-free "first last", so either order finds the producer."""
    email_key: str = Field(default="", index=True)
    phone_key: str = Field(default="", index=True)
    """Digits of the business phone."""
    birth_index: str = Field(default="", sa_column_kwargs={"info": {"blind_index_of": "birth_date_enc"}})
    """Keyed hash of the birth date, to confirm identity with the last 4 of the SSN."""
    mobile_phone: str = ""
    county: str = ""
    """County of the business (mailing) address."""
    home_address1: str = ""
    home_address2: str = ""
    home_city: str = ""
    home_state: str = ""
    home_postal_code: str = ""
    home_county: str = ""


class ProfileOffer(SQLModel, table=True):
    """A producer's answer to "your details changed in another program: use them here?", so it is asked once."""

    __tablename__ = "profile_offer"

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", index=True)
    fingerprint: str
    """A keyed hash of the fields and values offered (no PII in the clear)."""
    answer: str
    """accepted or declined."""
    at: datetime


class Packet(SQLModel, table=True):
    """One producer's run through a program."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    program: str = Field(index=True)
    entity_type: str = "individual"
    """Whom the packet is for: an individual, or a variant the program declares (an agency)."""
    entity_name: str = ""
    """The agency's name for a packet of an agency (its producer is the principal who signs); "" otherwise."""
    entity_key: str = Field(default="", index=True)
    """entity_name folded for prefix search (core.forms.names.compact_key), so a rep finds the agency by name."""
    producer_id: int = Field(foreign_key="producer.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    status: str = Field(index=True)
    version: int = 1
    current_step: str = ""
    answers_json: str = Field(default="{}", sa_column_kwargs={"info": {"pii": "json"}})
    """Answers per step; PII fields are encrypted one by one inside ({"enc": ...}; a rekey finds them by the info)."""
    consent_version: str | None = None
    consent_at: datetime | None = None
    consent_login_id: int | None = None
    created_at: datetime
    updated_at: datetime = Field(index=True)
    submitted_at: datetime | None = None
    status_reason: str = ""
    """Why the packet is in its status, when something refused it (a carrier's reasons); "" otherwise."""
    expires_at: datetime | None = None
    """When a record not yet submitted expires ([records] expires_after_days); None once submitted, or never."""
    origin_id: int | None = Field(default=None, index=True)
    """What the record was started from (a saved quote), when anything."""
    last_login_id: int | None = None
    """The login (session) that saved last: its own later saves never conflict with it."""
    run_from_version: int = 0
    """The version that login's unbroken run of saves started from."""


class PacketCount(SQLModel, table=True):
    """Packets of a program in a status, by the UTC day of their last activity: the dashboard's counts.

    Kept by every write of a packet, in its transaction (core.packets.counts), so the dashboard adds
    up these rows instead of scanning packets.
    """

    program: str = Field(primary_key=True)
    status: str = Field(primary_key=True)
    day: date = Field(primary_key=True)
    count: int = 0


class Invitation(SQLModel, table=True):
    """A producer-specific link; in the terminal, a code typed as SELECTOR-VERIFIER."""

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", index=True)
    selector: str = Field(unique=True, index=True)
    verifier_hash: str
    created_at: datetime
    revoked_at: datetime | None = None


class Signature(SQLModel, table=True):
    """A signature or a review of one rendered document, tied to the login it came from."""

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", index=True)
    document_id: str
    kind: str
    """sign, review or countersign."""
    account_id: int = Field(foreign_key="account.id")
    login_id: int | None = Field(default=None, foreign_key="login.id")
    signer_name: str
    doc_hash: str
    """SHA-256 of the exact rendered document text."""
    consent_version: str | None = None
    auth_method: str = ""
    host: str = ""
    style: str = ""
    signed_at: datetime
    attribution_warning: str = ""
    """Copied from the login: e.g. it used a temporary password that staff had sent ("" when none)."""


class Draft(SQLModel, table=True):
    """Values typed but not yet saved, kept so nothing typed is lost: one person's, one session's."""

    __tablename__ = "packet_draft"

    packet_id: int = Field(foreign_key="packet.id", primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    login_id: int = Field(primary_key=True)
    """The session that typed it (0 when unknown); a later session of the same person claims it."""
    step: str = Field(primary_key=True)
    values_enc: str
    updated_at: datetime


class StoredDocument(SQLModel, table=True):
    """An executed document as it was sent (or countersigned): the PDF and its SHA-256, for later proof."""

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", index=True)
    document_id: str
    title: str
    pdf: bytes
    sha256: str
    pages: int
    reason: str
    """sent or countersigned."""
    created_at: datetime


# Upload bytes live in the database (LargeBinary), not under PACKETDESK_HOME: a call center shares one
# PostgreSQL across machines and a reviewer elsewhere must open the same file. Files are small (3 MB).
class Upload(SQLModel, table=True):
    """One uploaded file for an upload field of a packet; a replaced file is kept with replaced_at set."""

    __tablename__ = "onboarding_upload"

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", index=True)
    field: str
    """The qualified field, e.g. eo.declaration."""
    filename: str
    content_type: str
    size: int
    sha256: str = Field(index=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by: int = Field(foreign_key="account.id")
    uploaded_at: datetime
    replaced_at: datetime | None = None


class ProducerNumber(SQLModel, table=True):
    """A producer number issued once per approved packet, for programs whose review issues one."""

    __tablename__ = "onboarding_producer_number"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, index=True)
    packet_id: int = Field(foreign_key="packet.id", unique=True)
    producer_id: int = Field(foreign_key="producer.id", index=True)
    issued_by: int = Field(foreign_key="account.id")
    issued_at: datetime


# Registers the flush hook that keeps PacketCount in step with every Packet write (after the models exist).
from core.packets import counts as _counts  # noqa: E402, F401
