"""Uploaded files: the type is checked from the content as well as the name (seed 001: E&O upload)."""

from __future__ import annotations

from dataclasses import dataclass

# Leading bytes of each accepted format, and the MIME type it is stored under.
SIGNATURES: dict[str, tuple[tuple[bytes, ...], str]] = {
    "pdf": ((b"%PDF-",), "application/pdf"),
    "jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    "gif": ((b"GIF87a", b"GIF89a"), "image/gif"),
    "tif": ((b"II*\x00", b"MM\x00*"), "image/tiff"),
    "tiff": ((b"II*\x00", b"MM\x00*"), "image/tiff"),
}
# Common kinds that are refused, named so the message says what the file really is.
KNOWN_OTHERS: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows program (executable)"),
    (b"\x7fELF", "a Linux program (executable)"),
    (b"\xcf\xfa\xed\xfe", "a macOS program (executable)"),
    (b"#!", "a script"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


def digest_key(name: str) -> str:
    """The answer kept next to an upload field's file name: the file's SHA-256, so documents that
    name the file change (and must be signed again) when other content comes under the same name."""
    return f"{name}.sha256"


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed: its clean name, extension and content type."""

    filename: str
    extension: str
    content_type: str
    size: int


def _size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB ({limit // 1024} KB)" if limit % (1024 * 1024) == 0 else f"{limit // 1024} KB"


def sniff(data: bytes) -> str:
    """What the content looks like, for messages: an accepted extension or a description."""
    for extension, (magics, _mime) in SIGNATURES.items():
        if any(data.startswith(m) for m in magics):
            return extension
    return next((what for magic, what in KNOWN_OTHERS if data.startswith(magic)), "an unknown kind of file")


def check_upload(
    filename: str, data: bytes, accept: tuple[str, ...], max_bytes: int, *, size: int | None = None
) -> CheckedFile | str:
    """The checked file, or what is wrong with it (name, size, emptiness, content).

    Args:
        size: the file's real size when `data` is only its beginning (a reader stops one byte over
            the limit); what the producer is told is always the real size.
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    names = [a.upper() for a in accept]
    allowed = f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else "".join(names)
    if not name:
        return "Choose a file to upload."
    if extension not in accept:
        return f"{name}: only {allowed} files can be uploaded."
    if not data:
        return f"{name} is empty (0 bytes)."
    if max_bytes and len(data) > max_bytes:
        real = max(size or 0, len(data))
        return f"{name} is {real:,} bytes; the largest file accepted is {_size_text(max_bytes)}."
    magics, mime = SIGNATURES[extension]
    if not any(data.startswith(m) for m in magics):
        found = sniff(data)
        kind = f"a {found.upper()} file" if found in SIGNATURES else found
        return f"{name} is named .{extension} but its content is {kind}. Upload a {allowed} file."
    return CheckedFile(name, extension, mime, len(data))
