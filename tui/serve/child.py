"""One served session: the application on the pty the zygote handed over (runs in the forked child)."""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.kernel.context import AppContext


def run_session(request: dict[str, Any]) -> int:
    """Run the app as `packetdesk [open|verify CODE]` would, the database opened in this process."""
    from core.kernel.config import Settings
    from tui.app import make_app
    from tui.kit.heap import pace_collector

    os.environ["TERM"] = request.get("term") or "xterm-256color"
    # The size comes from this session's pty and follows the client. COLUMNS/LINES inherited from
    # whoever started the server would pin every session at that size (shutil.get_terminal_size
    # reads them first): seen with the server started under pytest-xdist, which sets 80x24.
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)
    for name, value in (request.get("env") or {}).items():
        os.environ[name] = value
    settings = Settings.from_env()
    host = request.get("host") or None

    def open_context() -> AppContext:
        # Imported here, after the first paint (a cold start pays ~0.3 s for SQLAlchemy and the models).
        from core.kernel.context import AppContext

        return AppContext.create(settings, host=host)

    kind, code = request.get("kind"), request.get("code")
    app = make_app(invitation_code=code if kind == "open" else None, demo=bool(request.get("demo")),
                   open_context=open_context)
    if kind == "verify":
        app.portal_verify_code = code
    pace_collector()
    gc.enable()
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # the cold-start path (`serve --cold`, for the benchmark)
    import json
    import sys

    sys.exit(run_session(json.loads(os.environ.pop("PACKETDESK_SESSION_REQUEST"))))
