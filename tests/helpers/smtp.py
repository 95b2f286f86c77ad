"""A real SMTP server on loopback for the outbox tests, and a context that sends to it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller

from core.kernel.config import SmtpSettings
from core.kernel.context import AppContext
from tests.helpers.serve import free_port


@contextmanager
def local_smtp(handler: Any) -> Iterator[Controller]:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def with_smtp(ctx: AppContext, port: int) -> AppContext:
    smtp = SmtpSettings(host="127.0.0.1", port=port, sender="producerexpress@example.com")
    return dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, smtp=smtp))
