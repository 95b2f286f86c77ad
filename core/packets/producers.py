"""Keeping a producer's roster row and search keys in step with what they and the roster say."""

from __future__ import annotations

from typing import Any

from core.forms.fields import parse_date
from core.forms.identifiers import digits_only
from core.forms.names import name_keys
from core.kernel.context import AppContext
from core.packets.models import Producer

PLAIN = ("first_name", "last_name", "middle_name", "title", "address1", "address2", "city", "state", "postal_code",
         "county", "business_ext", "resident_phone", "mobile_phone", "npn", "home_address1", "home_address2",
         "home_city", "home_state", "home_postal_code", "home_county")
"""Profile attributes kept as typed (the TIN and birth date are encrypted; email and phone feed search keys)."""


def set_identity(ctx: AppContext, producer: Producer, **values: Any) -> None:
    """Set roster fields and recompute every derived search column; PII is encrypted here."""
    for name in PLAIN:
        if name in values and values[name] is not None:
            setattr(producer, name, str(values[name]).strip() if name != "npn" else (str(values[name]).strip() or None))
    if "email" in values and values["email"]:
        producer.email = str(values["email"]).strip()
    if "business_phone" in values and values["business_phone"] is not None:
        producer.business_phone = str(values["business_phone"]).strip()
    if values.get("tin"):
        tin = digits_only(str(values["tin"]))
        producer.tin_enc = ctx.cipher.encrypt(tin)
        producer.tin_last4 = tin[-4:]
        producer.tin_index = ctx.cipher.blind_index(tin)
    if values.get("birth_date"):
        born = parse_date(str(values["birth_date"]))
        if born is not None:
            producer.birth_date_enc = ctx.cipher.encrypt(born.isoformat())
            producer.birth_index = ctx.cipher.blind_index(born.isoformat())
    producer.name_key, producer.name_alt = name_keys(producer.first_name, producer.last_name)
    producer.email_key = producer.email.strip().lower()
    producer.phone_key = digits_only(producer.business_phone)[-10:]
