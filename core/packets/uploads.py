"""Uploaded files for upload fields (seed 001: the E&O declaration page): store, replace, read, export."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import col, select

from core.forms.upload_rules import check_upload, digest_key
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.kernel.files import write_private
from core.packets import packets, saving
from core.packets.documents_out import safe_name
from core.packets.models import Packet, Upload
from core.packets.packets import PacketView, decrypt_answers, encrypt_answers

REVIEW_ROLES = ("reviewer", "admin")


@dataclass(frozen=True)
class UploadInfo:
    """A stored file without its bytes."""

    id: int
    field: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime

    @property
    def summary(self) -> str:
        return f"{self.filename} ({self.size:,} bytes, {self.content_type}, sha256 {self.sha256[:12]}…)"


def _info(row: Upload) -> UploadInfo:
    assert row.id is not None
    return UploadInfo(row.id, row.field, row.filename, row.content_type, row.size, row.sha256, as_utc(row.uploaded_at))


def _editable_by(actor: Actor, view: PacketView) -> None:
    if actor.role != "producer" or view.producer_account_id != actor.account_id:
        raise NotAllowed("Only the producer can upload files to this application.")
    if view.read_only:
        raise NotAllowed(f"This application is in {view.status_label} and can no longer be changed.")


@dataclass(frozen=True)
class Uploaded:
    """The packet after an upload, and what the change undid."""

    view: PacketView
    resign: list[str]
    """Documents whose signature or review stopped counting: they show the file's name, and the file
    replaced one they were signed with (a signature counts only while its document renders the same)."""


def store(
    ctx: AppContext, actor: Actor, packet_id: int, field: str, filename: str, data: bytes, *, size: int | None = None
) -> Uploaded:
    """Check and keep one file for the field, replacing the one before (which stays in history).

    Args:
        size: the file's real size when `data` holds only its first bytes (store_path), for the message.
    """
    view = packets.load(ctx, actor, packet_id)
    _editable_by(actor, view)
    spec = view.program.field(field)
    step_id, _, name = field.partition(".")
    if spec.type != "upload":
        raise NotAllowed("That field does not take files.")
    checked = check_upload(filename, data, spec.accept, spec.max_bytes, size=size)
    if isinstance(checked, str):
        raise ValidationFailed({name: checked})
    digest = hashlib.sha256(data).hexdigest()
    signed_before = saving.done_documents(ctx, view)  # rendered outside the write transaction
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = session.exec(select(Packet).where(Packet.id == packet_id).with_for_update()).one()
        replaced = session.exec(select(Upload).where(
            Upload.packet_id == packet_id, Upload.field == field, Upload.replaced_at == None  # noqa: E711
        )).all()
        for old in replaced:
            old.replaced_at = now
        session.add(Upload(packet_id=packet_id, field=field, filename=checked.filename, content_type=checked.content_type,
                           size=checked.size, sha256=digest, data=data, uploaded_by=actor.account_id, uploaded_at=now))
        answers = decrypt_answers(ctx, row.answers_json)
        answers.setdefault(step_id, {})[name] = checked.filename
        answers[step_id][digest_key(name)] = digest
        row.answers_json = encrypt_answers(ctx, view.program, answers)
        row.version, row.updated_at = row.version + 1, now
        record(session, "file replaced" if replaced else "file uploaded", now, actor=actor, packet_id=packet_id,
               detail=f"{spec.label}: {checked.filename}, {checked.size:,} bytes, sha256 {digest[:16]}")
    after = packets.load(ctx, actor, packet_id)
    resign = sorted(signed_before - (saving.done_documents(ctx, after) or set())) if signed_before else []
    return Uploaded(after, resign)


def store_path(ctx: AppContext, actor: Actor, packet_id: int, field: str, path: str) -> Uploaded:
    """Upload a file named by its path; reads at most one byte over the limit, so huge files cost nothing."""
    spec = packets.load(ctx, actor, packet_id).program.field(field)
    name = field.partition(".")[2]
    target = Path(path.strip()).expanduser()
    if not path.strip():
        raise ValidationFailed({name: "Type the path of the file to upload."})
    if not target.is_file():
        raise ValidationFailed({name: f"No file at {target}."})
    with target.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size  # the real size, told to the producer when it is too big
        data = handle.read(spec.max_bytes + 1 if spec.max_bytes else -1)
    return store(ctx, actor, packet_id, field, target.name, data, size=size)


def current(ctx: AppContext, actor: Actor, packet_id: int, field: str) -> UploadInfo | None:
    """The file in use for the field (who may see the packet may see this)."""
    packets.load(ctx, actor, packet_id)
    with reading(ctx.engine) as session:
        row = session.exec(select(Upload).where(
            Upload.packet_id == packet_id, Upload.field == field, Upload.replaced_at == None  # noqa: E711
        ).order_by(col(Upload.id).desc())).first()
        return _info(row) if row else None


def content(ctx: AppContext, actor: Actor, packet_id: int, field: str) -> tuple[UploadInfo, bytes]:
    info = current(ctx, actor, packet_id, field)
    if info is None:
        raise NotAllowed("No file has been uploaded for this field.")
    with reading(ctx.engine) as session:
        row = session.get(Upload, info.id)
        assert row is not None
        return info, bytes(row.data)


def export(ctx: AppContext, actor: Actor, packet_id: int, field: str) -> Path:
    """Write the stored file under PACKETDESK_HOME/documents/<packet key>/ to open it; a reviewer's view is recorded."""
    view = packets.load(ctx, actor, packet_id)
    info, data = content(ctx, actor, packet_id, field)
    folder = ctx.settings.documents_dir / safe_name(view.key)
    stem, _, extension = info.filename.rpartition(".")
    path = write_private(folder / f"{safe_name(stem or info.filename)}.{safe_name(extension)}", data)
    if actor.role in REVIEW_ROLES:
        with writing(ctx.engine) as session:
            record(session, "file viewed", ctx.clock.now(), actor=actor, packet_id=packet_id, detail=info.filename)
    return path
