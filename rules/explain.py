"""The rule sets as readable tables: plain text for `python -m rules explain`, Markdown for docs.

Both renderings come from `sections()`, so docs/rules.md can never say something else than the
command line does.
"""

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from rules.model import DETAILS_MAX_LENGTH, PartnerType, Role
from rules.requester import (
    partner_type_advice,
    partner_type_allowed,
    role_advice,
    role_allowed,
)
from rules.ruleset import RuleSet
from rules.rulesets import RULE_SETS

# The product's own decisions where the article is silent (POLICY.md, "Conventions").
CONVENTIONS = (
    "All dates are calendar dates without time of day.",
    '"Within N days of date X" means a request on date D is in time when D is on or before '
    "X + N days: X + N is the last day that counts (purchased 1 March: a 30-day window ends "
    "31 March, a 90-day window ends 30 May).",
    '"End of the calendar month after the incident" is the last day of the month following '
    "the incident's month (31 Dec 2025 -> 31 Jan 2026; 31 Jan 2024 -> 29 Feb 2024).",
    "A purchase, suspension, incident or issue date after today is refused; so is a suspension "
    "before the purchase.",
    "The customer's evidence email must be at one of the tenant domains entered in the wizard, or "
    "a subdomain of one (case-insensitive; contoso.onmicrosoft.com counts, onmicrosoft.com alone "
    "does not). A personal email service is always refused.",
    "A deadline is shown while the best outcome still open can be reached; a warning is added "
    "when few days are left (window deadline_soon_days).",
    "A saved draft keeps the rule set version it was evaluated under: a policy change never "
    "rewrites old drafts.",
    "The Details text is English plain text, whatever the language of the user interface. A "
    f"text longer than the limit ({DETAILS_MAX_LENGTH} characters unless set) is refused, never "
    "cut.",
)

WINDOW_MEANINGS = {
    "accidental_no_request_days": "Legacy offer cancelled within this many days of purchase: "
    "100 % back, no request",
    "accidental_full_refund_days": "Request within this many days of purchase: full refund "
    "from the start (Power BI Premium P1: with fixed costs deducted)",
    "power_bi_p1_full_refund_days": "Power BI Premium P1: request within this many days for 100 %",
    "m365_a1_full_refund_days": "Microsoft 365 A1: request within this many days, no users "
    "assigned; never later",
    "duplicate_order_days": "Duplicate order: request within this many days of the new "
    "subscription's purchase",
    "prorated_months": "Suspension within this many months of purchase: pro rata credit, automatic",
    "deadline_soon_days": "Warn when the deadline is this many days away or less",
}


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the explanation: some paragraphs, then an optional table."""

    title: str
    paragraphs: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    bulleted: bool = False


def sections(rule_set: RuleSet) -> tuple[Section, ...]:
    """Everything a rule set says, as sections; the single source of both renderings."""
    return (
        Section(
            "Who may file",
            (
                "End customers cannot file. A service request for a customer in Azure is a "
                'different process ("report problems on behalf of a customer").',
            ),
            ("Role or partner type", "May file", "If not"),
            _who_may_file(rule_set),
        ),
        Section(
            "Rules by credit type",
            headers=("Credit type", "When", "Last day to file", "Result"),
            rows=tuple(
                (row.credit_type, row.case, row.last_day, row.result)
                for rules in rule_set.credit_types.values()
                for row in rules.describe(rule_set)
            ),
        ),
        Section(
            "Windows",
            headers=("Name", "Value", "Meaning"),
            rows=tuple(
                (name, str(value), WINDOW_MEANINGS.get(name, ""))
                for name, value in rule_set.windows.items()
            ),
        ),
        Section(
            "Outage incident ID prefixes",
            (
                "An outage incident ID is two letters and a number, like EX25194. A prefix not in "
                "this list is accepted with a warning; an ID without letters and digits is "
                "refused.",
            ),
            ("Prefix", "Service"),
            tuple(rule_set.outage_prefixes.items()),
        ),
        Section(
            "Personal email services refused as evidence",
            (", ".join(sorted(rule_set.free_mail_domains)) + " (and their subdomains).",),
        ),
        Section(
            "Evidence checklist",
            headers=("Credit type", "Evidence"),
            rows=tuple(
                (credit_type.label, item)
                for credit_type, rules in rule_set.credit_types.items()
                for item in rules.evidence
            ),
        ),
        Section(
            "Where the Details text goes (Partner Center)",
            headers=("Step", "What to do"),
            rows=tuple(
                (str(number), step) for number, step in enumerate(rule_set.procedure, start=1)
            ),
        ),
    )


def _who_may_file(rule_set: RuleSet) -> tuple[tuple[str, ...], ...]:
    rows = []
    for role in Role:
        if role_allowed(role, rule_set):
            rows.append((role.label, "Yes", ""))
        else:
            rows.append((role.label, "No", role_advice(rule_set).removesuffix(".")))
    for kind in PartnerType:
        if partner_type_allowed(kind, rule_set):
            rows.append((kind.label, "Yes", ""))
        else:
            rows.append((kind.label, "No", partner_type_advice(kind).removesuffix(".")))
    return tuple(rows)


def render_text(rule_set: RuleSet, width: int = 100) -> str:
    """The rule set as plain-text tables, for a terminal."""
    title = f"Rule set {rule_set.version} (in force from {rule_set.effective_date})"
    parts = [title, "=" * len(title), *_wrapped(f"Source: {rule_set.source}", width)]
    for section in (*sections(rule_set), Section("Conventions", CONVENTIONS, bulleted=True)):
        parts += ["", section.title, "-" * len(section.title)]
        for paragraph in section.paragraphs:
            parts += _wrapped(f"- {paragraph}" if section.bulleted else paragraph, width)
        if section.rows:
            parts += ["", *_text_table(section.headers, section.rows, width)]
    return "\n".join(parts) + "\n"


def render_markdown(rule_sets: Iterable[RuleSet] | None = None) -> str:
    """docs/rules.md: every rule set, not only today's, so the file never changes with the date."""
    parts = [
        "# Credit request rules",
        "",
        "<!-- Generated by `python -m rules docs` from the rule sets in rules/rulesets/. "
        "Do not edit by hand. -->",
        "",
        "## Conventions",
        "",
        *(f"- {_markdown_cell(convention)}" for convention in CONVENTIONS),
    ]
    for rule_set in rule_sets if rule_sets is not None else RULE_SETS.values():
        parts += [
            "",
            f"## Rule set {rule_set.version}",
            "",
            f"In force from {rule_set.effective_date}. Source: {rule_set.source}",
        ]
        for section in sections(rule_set):
            parts += ["", f"### {section.title}"]
            for paragraph in section.paragraphs:
                parts += ["", paragraph]
            if section.rows:
                parts += ["", *_markdown_table(section.headers, section.rows)]
    return "\n".join(parts) + "\n"


def _wrapped(paragraph: str, width: int) -> list[str]:
    indent = "  " if paragraph.startswith("- ") else ""
    return textwrap.wrap(paragraph, width, subsequent_indent=indent, break_on_hyphens=False) or [""]


def _text_table(
    headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], width: int
) -> list[str]:
    natural = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    budget = width - 3 * (len(headers) - 1)
    widths = _fit(natural, budget)
    lines = [_text_row(headers, widths), "-+-".join("-" * w for w in widths)]
    for row in _blank_repeats(rows):
        lines += _text_row(row, widths).split("\n")
    return lines


def _fit(natural: list[int], budget: int) -> list[int]:
    # Narrow the widest columns first until the table fits; narrow columns keep their width.
    widths = list(natural)
    while sum(widths) > budget and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    return widths


def _text_row(cells: tuple[str, ...], widths: list[int]) -> str:
    wrapped = [
        textwrap.wrap(cell, w, break_on_hyphens=False) or [""]
        for cell, w in zip(cells, widths, strict=True)
    ]
    height = max(len(lines) for lines in wrapped)
    out = []
    for index in range(height):
        parts = [
            (lines[index] if index < len(lines) else "").ljust(w)
            for lines, w in zip(wrapped, widths, strict=True)
        ]
        out.append(" | ".join(parts).rstrip())
    return "\n".join(out)


def _markdown_table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    return [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
        *(
            "| " + " | ".join(_markdown_cell(cell) for cell in row) + " |"
            for row in _blank_repeats(rows)
        ),
    ]


def _blank_repeats(rows: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    # A first column repeating the row above (the credit type) is shown once, as a group label.
    shown = []
    previous = None
    for row in rows:
        shown.append(("", *row[1:]) if row and row[0] == previous else row)
        previous = row[0] if row else None
    return shown


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")
