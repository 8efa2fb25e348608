"""Check a template directory: undefined and unused lists, duplicate-only templates, sizes.

Each finding names ``path:line``. Errors (syntax, undefined lists, sandbox
violations, templates that can only repeat other templates) make ``textaug
lint`` exit 1; unused lists are warnings; each template's combination count is
reported as information.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from textaug.errors import DataError
from textaug.templates.generate import describe_count
from textaug.templates.templateset import TemplateSet

#: Templates with at most this many derivations are enumerated to find duplicates.
ENUMERATE_LIMIT = 20_000
#: Seeded renders tried per Jinja-rendered template to surface runtime errors.
TRIAL_RENDERS = 20


@dataclass(frozen=True, order=True)
class Finding:
    """One lint result."""

    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def lint_templates(path: str | Path) -> list[Finding]:
    """Every finding for the template directory (or file) at ``path``, sorted by place."""
    try:
        templates = TemplateSet.load(path, collect_errors=True)
    except DataError as exc:
        return [_error(exc, (str(path), 0))]
    findings = [_error(e, (str(path), 0)) for e in templates.errors]
    findings += _list_findings(templates)
    findings += _template_findings(templates)
    return sorted(set(findings))


def _error(error: DataError, where: tuple[str, int]) -> Finding:
    """An error finding at the place ``error`` names (a macro's file), else at ``where``."""
    return Finding(error.path or where[0], error.line or where[1], "error", error.reason)


def _list_findings(templates: TemplateSet) -> list[Finding]:
    findings = []
    lists = {"slot": templates.slots, "alias": templates.aliases}
    referenced = {(r.kind, r.name) for r in templates.references}
    for ref in templates.references:
        if ref.name not in lists[ref.kind]:
            folder = "slots" if ref.kind == "slot" else "aliases"
            findings.append(
                Finding(
                    ref.path,
                    ref.line,
                    "error",
                    f"undefined {ref.kind} list {ref.name!r} (no {folder}/{ref.name}.txt or .yaml)",
                )
            )
    for kind, named in lists.items():
        for name, values in named.items():
            if (kind, name) not in referenced:
                findings.append(
                    Finding(values.path, 1, "warning", f"{kind} list {name!r} is never used")
                )
    return findings


def _template_findings(templates: TemplateSet) -> list[Finding]:
    findings = []
    produced: dict[str, dict[str, str]] = {}
    for template in templates.templates:
        where = (template.path, template.line)
        if template.node is None:
            findings.append(
                Finding(*where, "info", f"rendered by Jinja, not compiled: {template.fallback}")
            )
            rng = random.Random(0)
            try:
                for _ in range(TRIAL_RENDERS):
                    templates.render(template, rng)
            except DataError as exc:
                findings.append(_error(exc, where))
            continue
        count = template.node.size
        findings.append(Finding(*where, "info", f"{describe_count(count)} combinations"))
        if count > ENUMERATE_LIMIT:
            continue
        texts: set[str] = set()
        try:
            for record in templates.enumerate(template):
                texts.add(record.text)
        except DataError as exc:
            findings.append(_error(exc, where))
            continue
        seen = produced.setdefault(template.intent, {})
        earlier = {seen[t] for t in texts if t in seen}
        if texts and len(earlier) and all(t in seen for t in texts):
            findings.append(
                Finding(
                    *where,
                    "error",
                    "every utterance it can produce is also produced by "
                    + ", ".join(sorted(earlier)),
                )
            )
        for other_intent, other in produced.items():
            if other_intent == template.intent:
                continue
            clash = sorted(t for t in texts if t in other)
            if clash:
                findings.append(
                    Finding(
                        *where,
                        "error",
                        f"{clash[0]!r} is also generated for intent {other_intent!r} "
                        f"({other[clash[0]]})",
                    )
                )
        for text in texts:
            seen.setdefault(text, template.where)
    return findings
