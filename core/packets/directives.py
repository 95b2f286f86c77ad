"""Directives of document templates: parts laid out from the answers and the program's declaration.

Directives, each alone on its line, lay out parts of a document (they nest):
- `{{#if COND}}` ... `{{#elif COND}}` ... `{{#else}}` ... `{{/if}}`: the first part whose condition
  holds. COND is `KEY` (a value that reads as something other than nothing or "No"),
  `KEY == TEXT` or `KEY != TEXT` (the value as it reads), or `?NAME`, a named predicate of the
  answers (core.forms.registry) for what only code can say.
- `{{#each KEY}}` ... `{{/each}}`: once for every row of a repeating group (a mapping: every
  entry), with `{{row.FIELD}}` (`{{row.key}}`, `{{row.value}}` for a mapping) and `{{row.number}}`
  (1, 2, ...).
- `{{#answers STEP}}` ... `{{/answers}}`: what is inside, then "Label: value" for every answered
  field of the declared step (the labels are the declaration's) that its conditions show, groups
  left out; nothing at all when no field is answered. `STEP: Title; Title` keeps only the sections
  of those titles; `row` is the current row of `#each`. SSNs, TINs and EINs read as last 4.
- `{{#include PATH}}` (or `{{#include PATH last}}`, its last paragraph only): a text under data/,
  as written.
`{{computed:NAME}}` inserts a named computation of the answers (core.forms.registry). Predicates,
computations and `#answers` need the answers and the declared steps (`Declared`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.forms.fields import shown
from core.forms.registry import computation, predicate
from core.forms.spec import StepSpec, read_text
from core.packets.documents import Block, display, label_value, paragraphs, typed

_DIRECTIVE = re.compile(r"\{\{\s*([#/])(if|elif|else|each|answers|include)\b\s*(.*?)\s*\}\}")
_COMPUTED = re.compile(r"\{\{\s*(computed:[a-z0-9_.]+)")
_CONDITION = re.compile(r"([a-z0-9_.:]+)\s*(?:(==|!=)\s*(.*))?")
_MASKED = ("ssn", "tin", "ein")


@dataclass(frozen=True)
class Declared:
    """What directives draw on besides the values: the answers as saved (named predicates and
    computations, the conditions that show a field), the day computations rate on, the declared steps."""

    answers: dict[str, dict[str, Any]]
    today: date
    steps: tuple[StepSpec, ...] = ()

    def step(self, step_id: str) -> StepSpec:
        found = next((s for s in self.steps if s.id == step_id), None)
        if found is None:
            raise ValueError(f"{{{{#answers {step_id}}}}}: no step {step_id!r} is declared")
        return found


def layout(template: str, context: Mapping[str, Any], declared: Declared | None) -> list[Block]:
    """The blocks of a template: its directives followed, its paragraphs filled in."""
    if declared is not None:
        context = {**context, **{name: computation(name.split(":", 1)[1])(declared.answers, declared.today)
                                 for name in _COMPUTED.findall(template)}}
    return _walk(_parse_blocks(template), context, declared, None)


@dataclass(frozen=True)
class _Directive:
    name: str
    """if (its branches in `parts`), each, answers or include."""
    argument: str
    parts: tuple[tuple[str | None, tuple[str | _Directive, ...]], ...] = ()
    """(condition or None for else, what is inside); one part for each and answers."""


def _parse_blocks(template: str) -> tuple[str | _Directive, ...]:
    """A template as text (lines of paragraphs) and directives, nested as written."""
    top: list[str | _Directive] = []
    stack: list[tuple[str, str, list[tuple[str | None, list[str | _Directive]]]]] = []

    def inside() -> list[str | _Directive]:
        return stack[-1][2][-1][1] if stack else top

    for line in template.strip().splitlines():
        found = _DIRECTIVE.fullmatch(line.strip())
        if found is None:
            here = inside()
            if here and isinstance(here[-1], str):
                here[-1] += "\n" + line
            else:
                here.append(line)
            continue
        mark, name, argument = found.groups()
        if mark == "#" and name == "include":
            inside().append(_Directive(name, argument))
        elif mark == "#" and name in ("elif", "else"):
            if not stack or stack[-1][0] != "if" or stack[-1][2][-1][0] is None:
                raise ValueError(f"{{{{#{name}}}}} outside {{{{#if}}}} or after {{{{#else}}}}: {line.strip()!r}")
            stack[-1][2].append((argument if name == "elif" else None, []))
        elif mark == "#":
            stack.append((name, argument, [(argument, [])]))
        else:
            if not stack or stack[-1][0] != name:
                raise ValueError(f"{line.strip()!r} closes nothing open")
            opened, opened_argument, parts = stack.pop()
            inside().append(_Directive(opened, opened_argument, tuple((c, tuple(p)) for c, p in parts)))
    if stack:
        raise ValueError(f"{{{{#{stack[-1][0]} {stack[-1][1]}}}}} is never closed")
    return tuple(top)


_Row = tuple[StepSpec | None, dict[str, Any]]


def _walk(nodes: Iterable[str | _Directive], context: Mapping[str, Any], declared: Declared | None,
          row: _Row | None) -> list[Block]:
    blocks: list[Block] = []
    for node in nodes:
        if isinstance(node, str):
            blocks += paragraphs(node, context)
        elif node.name == "if":
            chosen = next((body for condition, body in node.parts
                           if condition is None or _holds(condition, context, declared)), ())
            blocks += _walk(chosen, context, declared, row)
        elif node.name == "each":
            blocks += _each(node, context, declared)
        elif node.name == "answers":
            lines = _answer_lines(node.argument, declared, row)
            blocks += _walk(node.parts[0][1], context, declared, row) + lines if lines else []
        else:
            path, _, which = node.argument.partition(" ")
            parts = re.split(r"\n\s*\n", read_text(path))
            blocks += paragraphs("\n\n".join(parts[-1:] if which == "last" else parts), {}, literal=True)
    return blocks


def _holds(condition: str, context: Mapping[str, Any], declared: Declared | None) -> bool:
    if condition.startswith("?"):
        if declared is None:
            raise ValueError(f"the condition {condition!r} needs the answers (Declared)")
        return predicate(condition[1:].strip())(declared.answers)
    found = _CONDITION.fullmatch(condition)
    if found is None:
        raise ValueError(f"not a condition: {condition!r}")
    key, operator, text = found.groups()
    value = display(context.get(key))
    if operator is None:
        return value not in ("", "No")
    return (value == text.strip().strip('"')) == (operator == "==")


def _each(node: _Directive, context: Mapping[str, Any], declared: Declared | None) -> list[Block]:
    value = context.get(node.argument)
    rows = [{"key": k, "value": v} for k, v in value.items()] if isinstance(value, dict) else [
        r for r in value or () if isinstance(r, dict)]
    step_id, _, name = node.argument.partition(".")
    group = next((f for s in (declared.steps if declared else ()) if s.id == step_id for f in s.fields
                  if f.name == name and f.is_group), None)
    kinds = {f.name: f.type for f in group.fields} if group else {}
    outside = {k: v for k, v in context.items() if not k.startswith("row.")}
    blocks: list[Block] = []
    for number, values in enumerate(rows, 1):
        inner = {**outside, **{f"row.{k}": typed(v, kinds.get(k, "")) for k, v in values.items()}, "row.number": number}
        blocks += _walk(node.parts[0][1], inner, declared, (group.row_step if group else None, values))
    return blocks


def _answer_lines(argument: str, declared: Declared | None, row: _Row | None) -> list[Block]:
    """"Label: value" for every answered field shown of a declared step (or the current row)."""
    name, _, titles = argument.partition(":")
    name = name.strip()
    if name == "row":
        step, values = row or (None, {})
    elif declared is not None:
        step, values = declared.step(name), declared.answers.get(name, {})
    else:
        raise ValueError(f"{{{{#answers {argument}}}}} needs the declared steps (Declared)")
    if step is None:
        return []
    wanted = {t.strip() for t in titles.split(";") if t.strip()}
    everything = {**(declared.answers if declared else {}), step.id: values}
    lines = []
    for section in step.sections:
        if (wanted and section.title not in wanted) or not shown(section, everything, step.id):
            continue
        for spec in section.fields:
            if not spec.is_group and shown(spec, everything, step.id):
                line = label_value(spec.label, values.get(spec.name), spec, masked=spec.type in _MASKED)
                lines += [line] if line else []
    return lines
