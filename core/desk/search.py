"""Find any packet from one search box, a page at a time (keyset paging; never all rows).

What the box understands: a packet key (RC-2611-00003), an email, a phone number or NPN (digits),
the last 4 of the SSN with a name or a birth date ("1296 oneil", "1296 02/28/1980"), or a name
prefix in either order, ignoring case, accents, punctuation, spaces and markup tags ("o neil" finds
O'Neil, "whitfieldruiz" Whitfield-Ruiz, "stone" a name pasted as "[bold]Stone"), or an agency's name
("rio grande" finds Río Grande Benefits Group's packet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, select, tuple_
from sqlalchemy.sql import Select

from core.forms.fields import parse_date
from core.forms.identifiers import digits_only
from core.forms.names import compact_key, prefix_upper_bound, search_key
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.packets.models import Packet, Producer
from core.packets.program import programs

PAGE_SIZE = 20
KEY = re.compile(r"^[A-Z]{2}-\d{4}-\d{5,7}$", re.IGNORECASE)
LAST4_FIRST = re.compile(r"^(\d{4})\s+(.+)$")
LAST4_AFTER = re.compile(r"^(.+?)\s+(\d{4})$")
STAFF_ROLES = ("rep", "reviewer", "admin")
Cursor = tuple[str, int, int]
"""(sort value, producer id, packet id): the order the name indexes already keep, so no sort is needed."""

# Typed column collections: the models' attributes are typed as values, not columns.
PACKET = Packet.__table__.c  # type: ignore[attr-defined]
PRODUCER_TABLE = Producer.__table__  # type: ignore[attr-defined]
PRODUCER = PRODUCER_TABLE.c


@dataclass(frozen=True)
class Hit:
    packet_id: int
    key: str
    producer_name: str
    program: str
    status: str
    last_activity: datetime
    waiting: timedelta
    cursor: Cursor


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    understood: str
    """How the box read the query, e.g. "name starting with oneil"."""
    has_next: bool
    has_previous: bool

    @property
    def next_cursor(self) -> Cursor | None:
        return self.hits[-1].cursor if self.has_next and self.hits else None

    @property
    def previous_cursor(self) -> Cursor | None:
        return self.hits[0].cursor if self.has_previous and self.hits else None


def _text(column: Any, dialect: str) -> Any:
    # Byte order on PostgreSQL too, so prefix ranges and the "C" indexes agree.
    return column.collate("C") if dialect == "postgresql" else column


def _plans(query: str, ctx: AppContext) -> tuple[str, list[tuple[ColumnElement[bool], Any]]]:
    """How to read the query: a description and one (condition, sort column) per index to walk."""
    text = query.strip()
    if KEY.match(text):
        return f"packet key {text.upper()}", [(PACKET.key == text.upper(), PACKET.key)]
    if "@" in text:
        return f"email {text.lower()}", [(PRODUCER.email_key == text.lower(), PRODUCER.email_key)]
    digits = digits_only(text)
    if digits and re.fullmatch(r"[\d\s().+-]+", text) and len(digits) != 4:
        plans = [(PRODUCER.npn == digits, PRODUCER.npn)]
        if len(digits) >= 10:
            plans.append((PRODUCER.phone_key == digits[-10:], PRODUCER.phone_key))
        return f"NPN or phone {digits}", plans
    match = LAST4_FIRST.match(text) or LAST4_AFTER.match(text)
    if match:
        last4, rest = (match.group(1), match.group(2)) if match.re is LAST4_FIRST else (match.group(2), match.group(1))
        born = parse_date(rest)
        if born is not None:
            index = ctx.cipher.blind_index(born.isoformat())
            return f"SSN ending {last4}, born {born:%m/%d/%Y}", [
                (and_(PRODUCER.tin_last4 == last4, PRODUCER.birth_index == index), PRODUCER.name_key)
            ]
        prefix = compact_key(rest)
        return f"SSN ending {last4}, name starting {search_key(rest)}", [
            (and_(PRODUCER.tin_last4 == last4, *_prefix(PRODUCER.name_key, prefix, ctx)), PRODUCER.name_key),
            (and_(PRODUCER.tin_last4 == last4, *_prefix(PRODUCER.name_alt, prefix, ctx)), PRODUCER.name_alt),
        ]
    prefix = compact_key(text)
    if len(prefix) < 2 and prefix.isascii():  # one CJK character is already a name
        raise NotAllowed("Type at least two letters of a name, or a key, email, phone, NPN or last 4 with a name.")
    return f"name starting {search_key(text)}", [
        (and_(*_prefix(PRODUCER.name_key, prefix, ctx)), PRODUCER.name_key),
        (and_(*_prefix(PRODUCER.name_alt, prefix, ctx)), PRODUCER.name_alt),
        (and_(*_prefix(PACKET.entity_key, prefix, ctx)), PACKET.entity_key),  # an agency by its own name
    ]


def _prefix(column: Any, prefix: str, ctx: AppContext) -> list[ColumnElement[bool]]:
    dialect = ctx.engine.dialect.name
    return [_text(column, dialect) >= prefix, _text(column, dialect) < prefix_upper_bound(prefix)]


def _walk(ctx: AppContext, condition: ColumnElement[bool], sort: Any, after: Cursor | None,
          before: Cursor | None, limit: int) -> Select[Any]:
    dialect = ctx.engine.dialect.name
    ordered = _text(sort, dialect)
    query = (
        select(PACKET.id, PACKET.key, PACKET.program, PACKET.status, PACKET.updated_at, PRODUCER.id.label("producer_id"),
               PRODUCER.first_name, PRODUCER.last_name, PACKET.entity_name, PACKET.entity_key, sort.label("sort_value"))
        .join(PRODUCER_TABLE, PRODUCER.id == PACKET.producer_id)
        .where(condition, PACKET.program.in_(list(programs())))  # contracting packets, not clients' applications
    )
    position = tuple_(ordered, PRODUCER.id, PACKET.id)
    if after is not None:
        query = query.where(position > tuple_(*after))
        return query.order_by(ordered, PRODUCER.id, PACKET.id).limit(limit)
    if before is not None:
        query = query.where(position < tuple_(*before))
        return query.order_by(ordered.desc(), PRODUCER.id.desc(), PACKET.id.desc()).limit(limit)
    return query.order_by(ordered, PRODUCER.id, PACKET.id).limit(limit)


def find(
    ctx: AppContext, actor: Any, query: str, *, after: Cursor | None = None, before: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> Results:
    """One page of packets matching the query; pass a page's cursor to move forward or back."""
    if actor.role not in STAFF_ROLES:
        raise NotAllowed("Search is for the service center and the home office.")
    understood, plans = _plans(query, ctx)
    backwards = before is not None and after is None
    rows: dict[int, Any] = {}
    with reading(ctx.engine) as session:
        for condition, sort in plans:
            for row in session.execute(_walk(ctx, condition, sort, after, before, limit + 1)):
                cursor = (str(row.sort_value or ""), row.producer_id, row.id)
                if row.id not in rows or (cursor < rows[row.id][0]) != backwards:
                    rows[row.id] = (cursor, row)
    merged = sorted(rows.values(), key=lambda item: item[0], reverse=backwards)
    more = len(merged) > limit
    page = merged[:limit]
    if backwards:
        page.reverse()
    now = ctx.clock.now()
    titles = {p.id: p.title for p in programs().values()}
    statuses = {p.id: p.statuses for p in programs().values()}
    typed = compact_key(query)
    hits = [
        Hit(
            packet_id=row.id, key=row.key,
            # Found by the agency's name: the agency is shown; else its principal, the person asked for.
            producer_name=row.entity_name if typed and row.entity_key.startswith(typed) else
            f"{row.first_name} {row.last_name}",
            program=titles.get(row.program, row.program),
            status=statuses.get(row.program, {}).get(row.status, row.status),
            last_activity=as_utc(row.updated_at), waiting=now - as_utc(row.updated_at), cursor=cursor,
        )
        for cursor, row in page
    ]
    if backwards:
        return Results(hits, understood, has_next=True, has_previous=more)
    return Results(hits, understood, has_next=more, has_previous=after is not None)
