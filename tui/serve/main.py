"""`packetdesk serve`: prepare the database, the host key and the session parent, then listen."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path

from tui.serve.ssh import Hub, PacketdeskServer, ServeOptions

log = logging.getLogger("packetdesk.serve")


def prepare_database(demo: bool) -> Path:
    """Create or migrate the database (and seed the demo) once, before any session starts.

    Everything is closed again afterwards: the session parent must not inherit a connection.
    """
    from core.kernel.config import Settings
    from core.kernel.context import AppContext

    settings = Settings.from_env()
    ctx = AppContext.create(settings)
    try:
        if demo:
            from core import demo as demo_data

            demo_data.seed(ctx)
    finally:
        ctx.engine.dispose()
    return settings.home


def serve(options: ServeOptions, host_key_path: Path | None = None) -> int:
    from tui.serve import hostkey

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    home = prepare_database(options.demo)
    key_path = host_key_path or home / "ssh_host_ed25519_key"
    key, created = hostkey.load_or_create(key_path)
    print(f"{'Created' if created else 'Using'} the SSH host key {key_path}", flush=True)
    print(f"Host key fingerprint: {hostkey.fingerprint(key)}", flush=True)
    hub = Hub(options)
    modules = hub.zygote.start()
    log.info("session parent pid=%d ready (%s)", hub.zygote.pid,
             "cold starts" if options.cold else f"{modules} modules imported")
    try:
        return asyncio.run(_listen(hub, key))
    finally:
        hub.zygote.stop()


async def _listen(hub: Hub, key: object) -> int:
    import asyncssh

    options = hub.options
    loop = asyncio.get_running_loop()
    hub.zygote.attach(loop)
    stop = asyncio.Event()
    hub.zygote.on_lost = stop.set
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    server = await asyncssh.create_server(
        lambda: PacketdeskServer(hub), options.host, options.port,
        server_host_keys=[key], encoding=None, line_editor=False,
        agent_forwarding=False, x11_forwarding=False, allow_scp=False,
        login_timeout=60, keepalive_interval=30, keepalive_count_max=4,
    )
    print(f"Packetdesk over SSH on {options.host}:{options.port} (ssh -p {options.port} {options.host})", flush=True)
    idle = asyncio.create_task(_check_idle(hub))
    await stop.wait()
    idle.cancel()
    log.info("stopping: %d session(s) save and end", len(hub.sessions))
    server.close()
    await hub.shutdown()
    await server.wait_closed()
    log.info("stopped")
    return 0


async def _check_idle(hub: Hub) -> None:
    every = min(30.0, hub.options.idle_close_minutes * 30)
    while True:
        await asyncio.sleep(every)
        hub.check_idle()
