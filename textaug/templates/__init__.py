"""Template synthesis: Jinja templates and slot value lists to intent data with exact spans.

The engine modules import Jinja; importing :mod:`textaug` does not import this package.
"""

from __future__ import annotations

from textaug.templates.generate import GenerationSummary, generate, split_templates
from textaug.templates.lint import Finding, lint_templates
from textaug.templates.templateset import TemplateSet, UtteranceTemplate, load_templates
from textaug.templates.values import Value, ValueList, read_value_list

__all__ = [
    "Finding",
    "GenerationSummary",
    "TemplateSet",
    "UtteranceTemplate",
    "Value",
    "ValueList",
    "generate",
    "lint_templates",
    "load_templates",
    "read_value_list",
    "split_templates",
]
