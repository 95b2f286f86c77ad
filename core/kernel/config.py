"""Settings read from the environment, with documented defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"


def data_roots() -> list[Path]:
    """Where declarations, templates and reference data are looked up: PACKETDESK_DATA_DIRS first, then data/.

    A carrier's own folder (programs/*.toml, documents/...) added there is a new program, no code needed.
    """
    extra = [Path(p) for p in os.environ.get("PACKETDESK_DATA_DIRS", "").split(os.pathsep) if p.strip()]
    return [*extra, DATA_DIR]


def data_file(relative: str) -> Path:
    """A data file by its path relative to a data root (the first root that has it)."""
    for root in data_roots():
        candidate = root / relative
        if candidate.exists():
            return candidate
    return DATA_DIR / relative


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "packetdesk"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    sender: str = "packetdesk@localhost"


@dataclass(frozen=True)
class Settings:
    """Where Packetdesk keeps things and whom it talks to."""

    home: Path
    """Folder for the SQLite database, the PII key and saved PDFs."""
    database_url: str
    key_file: Path
    key_b64: str | None = None
    """PACKETDESK_KEY: the PII key itself (base64), instead of the key file."""
    smtp: SmtpSettings | None = None
    idle_minutes: float = 45.0
    idle_warning_minutes: float = 2.0

    @property
    def documents_dir(self) -> Path:
        return self.home / "documents"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = dict(os.environ if env is None else env)
        home = Path(env.get("PACKETDESK_HOME") or default_home())
        url = env.get("PACKETDESK_DATABASE_URL") or f"sqlite:///{home / 'packetdesk.db'}"
        smtp = None
        if env.get("PACKETDESK_SMTP_HOST"):
            smtp = SmtpSettings(
                host=env["PACKETDESK_SMTP_HOST"],
                port=int(env.get("PACKETDESK_SMTP_PORT", "25")),
                username=env.get("PACKETDESK_SMTP_USER") or None,
                password=env.get("PACKETDESK_SMTP_PASSWORD") or None,
                starttls=env.get("PACKETDESK_SMTP_STARTTLS", "") in ("1", "true", "yes"),
                sender=env.get("PACKETDESK_SMTP_FROM", "packetdesk@localhost"),
            )
        values: dict[str, object] = dict(
            home=home,
            database_url=url,
            key_file=Path(env.get("PACKETDESK_KEY_FILE") or home / "pii.key"),
            key_b64=env.get("PACKETDESK_KEY") or None,
            smtp=smtp,
            idle_minutes=float(env.get("PACKETDESK_IDLE_MINUTES", "45")),
        )
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
