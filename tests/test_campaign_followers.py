"""Issue 15: core.packets tells the campaign of a packet's progress without importing core.campaigns."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from core.packets import followers, invitations, packets, saving, signing
from core.kernel import subscribers
before = [m for m in sys.modules if m.startswith("core.campaigns")]
from core.packets.program import programs
programs()
print("before:", ",".join(before))
print("after:", ",".join(f"{f.__module__}.{f.__name__}" for f in subscribers.subscribers(followers.TOPIC)))
"""


def test_the_campaign_follows_packets_once_its_program_is_loaded_and_packets_never_import_it():
    """A fresh process: the packet services load no campaign module; loading the programs (as every
    command and the app do) registers the campaign's follower because the recontracting declaration lists it."""
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=True).stdout
    lines = dict(line.split(": ", 1) if ": " in line else (line.rstrip(":"), "") for line in out.splitlines())
    assert lines["before"] == ""
    assert lines["after"] == "core.campaigns.tracking.packet_progressed"
