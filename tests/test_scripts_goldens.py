"""Every tester script in tests/scripts/ runs in-process and matches its goldens exactly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tui.script import goldens
from tui.script.cli import run_scripts

SCRIPTS = sorted((Path(__file__).parent / "scripts").glob("*.pds"))


def test_there_are_scripts() -> None:
    assert {p.stem for p in SCRIPTS} >= {"recontracting_nm_ok", "lockout", "expired_temporary_password", "hcsc_onboarding",
                                        "hcsc_review_loop", "ifm_enrollment"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_script_matches_its_goldens(script: Path, tmp_path: Path) -> None:
    assert goldens.folder_for(script).is_dir(), f"no goldens: run `packetdesk script {script} --update`"
    stream = io.StringIO()
    code = run_scripts([str(script)], out_dir=str(tmp_path), stream=stream)
    assert code == 0, stream.getvalue()
