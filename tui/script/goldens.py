"""Goldens beside the script (goldens/<script>/NAME.txt and .svg): compare, or rewrite with --update."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from tui.script.runner import Picture

KINDS = (".txt", ".svg")


def folder_for(script: Path) -> Path:
    return script.parent / "goldens" / script.stem


@dataclass(frozen=True)
class Difference:
    """One way a run differs from its goldens; `detail` is a readable diff or hint."""

    name: str
    summary: str
    detail: str = ""


def write_picture(folder: Path, picture: Picture) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # newline="" keeps LF endings on every platform, so files are byte-identical.
    (folder / f"{picture.name}.txt").write_text(picture.text, encoding="utf-8", newline="")
    (folder / f"{picture.name}.svg").write_text(picture.svg, encoding="utf-8", newline="")


def text_diff(golden: str, current: str, golden_path: Path, current_path: Path) -> str:
    lines = difflib.unified_diff(
        golden.splitlines(), current.splitlines(),
        fromfile=f"{golden_path} (golden)", tofile=f"{current_path} (this run)", lineterm="",
    )
    return "\n".join(lines)


def compare(golden_folder: Path, out_folder: Path, picture: Picture, *, svg: bool = True) -> list[Difference]:
    """Differences between one picture and its goldens (the SVG only when `svg`)."""
    golden_txt = golden_folder / f"{picture.name}.txt"
    if not golden_txt.exists():
        return [Difference(picture.name, f"snapshot {picture.name} (line {picture.line}) has no golden yet; run with --update")]
    expected = golden_txt.read_text(encoding="utf-8")
    if expected != picture.text:
        detail = text_diff(expected, picture.text, golden_txt, out_folder / f"{picture.name}.txt")
        return [Difference(picture.name, f"snapshot {picture.name} (line {picture.line}) differs from its golden", detail)]
    golden_svg = golden_folder / f"{picture.name}.svg"
    if svg and (not golden_svg.exists() or golden_svg.read_text(encoding="utf-8") != picture.svg):
        return [Difference(
            picture.name,
            f"snapshot {picture.name} (line {picture.line}): same text, but the picture differs "
            "(colours, styles or cursor)",
            f"compare {golden_svg} with {out_folder / (picture.name + '.svg')} in a browser",
        )]
    return []


def stale(golden_folder: Path, pictures: list[Picture]) -> list[Difference]:
    """Goldens whose snapshot the script no longer takes."""
    taken = {picture.name for picture in pictures}
    names = sorted({path.stem for kind in KINDS for path in golden_folder.glob(f"*{kind}")} - taken)
    return [Difference(name, f"golden {name} has no snapshot in the script any more; run with --update to remove it") for name in names]


def update(golden_folder: Path, pictures: list[Picture], *, completed: bool) -> list[str]:
    """Rewrite the goldens from this run; removes stale ones only after a complete run."""
    changed: list[str] = []
    for picture in pictures:
        before = [(golden_folder / f"{picture.name}{kind}") for kind in KINDS]
        old = [path.read_bytes() if path.exists() else None for path in before]
        write_picture(golden_folder, picture)
        if old != [path.read_bytes() for path in before]:
            changed.append(f"wrote {picture.name}")
    if completed:
        for difference in stale(golden_folder, pictures):
            for kind in KINDS:
                (golden_folder / f"{difference.name}{kind}").unlink(missing_ok=True)
            changed.append(f"removed {difference.name}")
    return changed


def clear_output(folder: Path) -> None:
    """Remove the pictures of an earlier run, so the folder shows this run only."""
    if folder.is_dir():
        for kind in KINDS:
            for path in folder.glob(f"*{kind}"):
                path.unlink()
