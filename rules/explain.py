"""The rule sets as readable tables: plain text for `python -m rules explain`, Markdown for docs.

Both renderings come from `sections()`, so docs/rules.md can never say something else than the
command line does.
"""

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from rules import catalogue
from rules.evidence import EVIDENCE_TEXTS
from rules.model import (
    DETAILS_MAX_LENGTH,
    PROBLEM_CODES,
    WARNING_CODES,
    Action,
    BoughtFrom,
    Commerce,
    CreditType,
    Event,
    Offer,
    Outcome,
    PartnerType,
    Product,
    Refund,
    Role,
    RouteProcess,
    ServiceFamily,
)
from rules.requester import (
    partner_type_advice,
    partner_type_allowed,
    role_advice,
    role_allowed,
)
from rules.routing import ROUTE_MESSAGES
from rules.ruleset import RuleSet
from rules.rulesets import RULE_SETS


def _values(enum) -> str:
    return " | ".join(f"`{member.value}`" for member in enum)


# CLI contract v2 (`python -m rules evaluate`): every input key, its form and meaning.
INPUT_KEYS = (
    ("credit_type", "required: " + _values(CreditType), "The kind of credit asked for."),
    ("role", "required: " + _values(Role), "The requester's Partner Center role."),
    ("partner_type", "required: " + _values(PartnerType), "How the partner buys from Microsoft."),
    (
        "today",
        "date YYYY-MM-DD; default: the current date (or the UTC date of `now`)",
        "The request date: it chooses the rule set and every day-counted window.",
    ),
    (
        "now",
        "ISO 8601 date-time; default: 00:00 UTC of `today`, or the current moment when "
        "`today` is not given",
        "The moment hour-counted (new commerce) windows are measured at.",
    ),
    (
        "rule_set",
        "a rule set version; default: the set in force on `today`",
        "Judge under this set.",
    ),
    (
        "commerce",
        _values(Commerce) + "; default `legacy` under 2021-03-31, required later for "
        "accidental purchases and duplicate orders",
        "Legacy or new commerce (NCE) subscription.",
    ),
    ("product", _values(Product), "New commerce: the kind of product (its window)."),
    ("event", _values(Event) + "; default `purchase`", "New commerce: what opened the window."),
    (
        "event_time",
        "ISO 8601 date-time; no offset = UTC, a bare date = 00:00 UTC",
        "New commerce: when the event happened (Partner Center shows UTC). Without it the "
        "purchase date (or new subscription purchase date) at 00:00 UTC stands in.",
    ),
    (
        "parent_event_time",
        "ISO 8601 date-time; required for `partial_upgrade`",
        "The parent subscription's event: a partial upgrade inherits its window.",
    ),
    (
        "bought_from",
        _values(BoughtFrom) + "; default `csp`",
        "Bought directly from Microsoft: routed.",
    ),
    (
        "service_family",
        _values(ServiceFamily) + "; default `microsoft_365`",
        "SLA claims: the family of the service that was down (Azure has its own deadline).",
    ),
    (
        "evidence_attached",
        "array of evidence codes (below)",
        "What will be attached; the Details text lists only these as attached.",
    ),
    ("offer", _values(Offer), "Legacy accidental purchases: the offer bought."),
    ("purchase_date, suspension_date", "dates", "Legacy accidental purchases."),
    ("users_assigned", "whole number or true/false", "Microsoft 365 A1: users assigned now."),
    (
        "subscription_id, order_id",
        "GUID; text",
        "The subscription and order bought by mistake.",
    ),
    (
        "new_subscription_purchase_date, original_subscription_id, new_subscription_id, "
        "original_tenant_id",
        "date; GUIDs",
        "Duplicate orders.",
    ),
    (
        "incident_date, outage_id, advisory, tenant_domains, evidence_email, "
        "customer_requested_credit, bought_through_csp",
        "date; EX25194; true/false; array of domains; email; true/false; true/false",
        "Service outages (SLA).",
    ),
    (
        "incident_duration, affected_services, affected_users, affected_locations, "
        "resolution_actions, support_ticket_numbers",
        "text; text; whole number; text; text; text",
        "SLA evidence of impact (earlier article).",
    ),
    (
        "issue_date, references, support_ticket_numbers",
        "date; text; text",
        "Technical issues and incorrect information.",
    ),
    (
        "microsoft_statement, statement_where_when, statement_by, statement_cost",
        "text",
        "Incorrect information from Microsoft: what was said, where and when, by whom, the cost.",
    ),
    ("tenant_id", "GUID", "The customer's tenant."),
    ("amount, currency", 'number or "125.50"; three letters', "The amount asked for."),
    ("description, customer_name, partner_reference", "text", "Free text for the Details text."),
    ("details_max_length", "whole number; default 4000", "The Details box's length limit."),
)

# The verdict's keys (v1 keys first, then the keys contract v2 added).
OUTPUT_KEYS = (
    ("eligible", "true/false", "Whether a credit request can be filed now (Details text given)."),
    ("outcome", _values(Outcome), "What the requester can get, or why not."),
    ("deadline", "date or null", "The last day to file, while the best outcome can be reached."),
    ("problems", "array of {field, code, message}", "Why it cannot be filed as it is."),
    ("warnings", "array of {field, code, message}", "What to check before filing."),
    ("rule_set", "version", "The rule set the request was judged under."),
    ("details_text", "text or null", "The English text for Partner Center's Details box."),
    ("action", _values(Action), "What the partner does next."),
    (
        "act_by",
        "YYYY-MM-DDTHH:MM:SSZ or null",
        "The last moment of a self-service action (cancel, reduce seats): a window of N hours "
        "is open while now <= event + N hours; a legacy 30-day window closes at 23:59:59Z of "
        "the 30th day. Null when no self-service action is open.",
    ),
    ("refund", _values(Refund) + " or null", "What the self-service action gives back."),
    (
        "route",
        "null or {process: " + _values(RouteProcess) + ", message}",
        "Where a request goes that is not a CSP credit request for this partner to file.",
    ),
)

# How action, act_by, refund and route hang together (the property tests check these).
CONSISTENCY = (
    "`action` is `file_request` exactly when `eligible` is true (there is a Details text).",
    "`act_by` and `refund` are given exactly when `action` is `cancel_in_partner_center` or "
    "`reduce_seats_in_partner_center`; `act_by` is never before the event.",
    "`route` is given exactly when `action` is `contact_other`; outcome `other_process` always "
    "has `action` `contact_other` and no Details text.",
    "Inside a self-service window the outcome is `no_request_needed` (not eligible: there is "
    "nothing to file). After a new commerce window the outcome is `review`, eligible when "
    "nothing else is wrong, with the warning `past_cancellation_window`.",
    "A requester refused for their role keeps the self-service action and its `act_by`, so a "
    "colleague can act in time; an indirect reseller gets `route` `indirect_provider`.",
)

# The product's own decisions where the article is silent (POLICY.md, "Conventions").
CONVENTIONS = (
    "Dates are calendar dates without time of day, except new commerce windows, which are "
    "counted in hours (UTC).",
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
    "Power BI Premium P1 after day 7: the credit with fixed costs deducted stays open until day "
    "90 (the article gives no end).",
    "Rule set 2024-01-01 starts on 2024-01-01: the current article has no date, and the last "
    "dated copy of the previous text is from October 2023.",
    "A Global admin is warned, not refused, from 2024-01-01: the current article lists only the "
    "Admin agent, but it does not say other roles are refused.",
    "New commerce times are UTC. A request known only by its date is judged at 00:00 UTC of that "
    "day, and an event known only by its date counts from 00:00 UTC (the earliest the window "
    "can close); the answer always gives the exact closing moment.",
    "Under every new commerce rule set, a late new commerce accidental purchase or duplicate is "
    "not refused: it may be filed as a request for a transaction error, which Microsoft grants "
    "only by exception.",
    "Before 2024-01-01, marketplace SaaS has no window in our sources, so it goes to the "
    "publisher; Business Central has the 7 days of a per-user licence.",
    "A renewal or a seat addition of a seat-based product is undone by reducing seats; every "
    "other event, and every product without seat reduction, by cancelling.",
    "From 2022-01-10 the Details text lists as attached only the evidence declared attached "
    "(evidence_attached); a required item not declared is a warning. Under 2021-03-31 a request "
    "that declares nothing keeps the 2021 text, which lists the whole checklist.",
    "Power BI's USD 33 a day is shown as an estimate: days from the purchase to the suspension "
    "(or the request date) times USD 33.",
    "An Azure SLA claim also takes the tracking ID Azure Service Health shows (like VN11-JD8); "
    "POLICY.md defines only the two-letter IDs of Microsoft 365.",
    "The request date is the UTC date: Microsoft's windows close at UTC day ends, so the site's "
    "own time zone never moves a request to the next day first.",
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
        *_new_commerce_sections(rule_set),
        Section(
            "Other rules of this set",
            headers=("Rule", "Value"),
            rows=_other_rules(rule_set),
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


def _new_commerce_sections(rule_set: RuleSet) -> tuple[Section, ...]:
    rules = rule_set.new_commerce
    if rules is None:
        return (
            Section(
                "New commerce",
                (
                    "Not in this rule set: the 2021 article knows only legacy commerce. A request "
                    "marked new commerce is refused (new_commerce_not_in_rule_set).",
                ),
            ),
        )
    rows = []
    for product in Product:
        window = rules.windows.get(product)
        if window is None:
            process = rules.routes[product]
            rows.append((product.label, "–", "–", "–", f"Route: {process.value}"))
            continue
        after = rules.routes_after_window.get(product)
        rows.append(
            (
                product.label,
                f"{window.hours} hours",
                window.refund.value,
                "reduce seats" if window.seat_reduction else "cancel",
                f"Route: {after.value}" if after else "review, granted only by exception",
            )
        )
    return (
        Section(
            "New commerce: self-service cancellation windows",
            (
                "Inside the window there is no credit request: the partner cancels the "
                "subscription, or reduces its seats, in Partner Center. A window of N hours is "
                "open while now <= event + N hours (UTC). Purchase, renewal, seats added, trial "
                "converted and migration each open a window; a partial upgrade inherits its "
                "parent's window. A 168-hour window was "
                f"{rules.early_window_hours} hours for events before "
                f"{rules.seven_days_from.strftime('%Y-%m-%d %H:%M')} UTC.",
            ),
            ("Product", "Window", "Refund", "Undone by", "After the window"),
            tuple(rows),
        ),
    )


def _other_rules(rule_set: RuleSet) -> tuple[tuple[str, str], ...]:
    per_day = rule_set.power_bi_daily_fixed_cost_usd
    rows = [
        (
            "Offers under the Power BI rule",
            ", ".join(offer.label for offer in Offer if offer in rule_set.power_bi_offers),
        ),
        (
            "Power BI fixed costs after day 7",
            f"USD {per_day} a day, whatever the licence count"
            if per_day
            else "deducted (no figure)",
        ),
        *(
            (f"SLA claim deadline, {family.label}", f"end of month {months} after the incident's")
            for family, months in rule_set.sla_claim_months.items()
        ),
        (
            "Evidence in the Details text",
            "only what is declared attached"
            if rule_set.evidence_declared_only
            else "the whole checklist unless evidence_attached is given",
        ),
        (
            "Legacy purchase warned as unusual from",
            str(rule_set.legacy_stop_sell) if rule_set.legacy_stop_sell else "–",
        ),
        *(
            (f"{offer.label}: warned as no longer sold (legacy) from", str(day))
            for offer, day in rule_set.offer_stop_sell.items()
        ),
        (
            "Routes",
            "bought directly from Microsoft: microsoft_billing_support; indirect reseller: "
            "indirect_provider",
        ),
        *(("Shown with every verdict to file", catalogue.NOTES[code]) for code in rule_set.notices),
    ]
    return tuple(rows)


def _who_may_file(rule_set: RuleSet) -> tuple[tuple[str, ...], ...]:
    rows = []
    for role in Role:
        if role in rule_set.warned_roles:
            rows.append(
                (role.label, "Yes, with a warning", "Not named by the article (our reading)")
            )
        elif role_allowed(role, rule_set):
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
        "## Conventions (our own decisions where Microsoft is silent)",
        "",
        *(f"- {_markdown_cell(convention)}" for convention in CONVENTIONS),
        "",
        "## CLI contract v2: `python -m rules evaluate`",
        "",
        "Input: one JSON object, or an array of them. Unknown keys, wrong types and unknown values "
        "exit 2 with one `error:` line; v1 keys and values are unchanged.",
        "",
        *_markdown_table(("Input key", "Form", "Meaning"), INPUT_KEYS),
        "",
        "Output: the verdict (or an array of verdicts, same order).",
        "",
        *_markdown_table(("Output key", "Form", "Meaning"), OUTPUT_KEYS),
        "",
        "How the v2 keys hang together:",
        "",
        *(f"- {_markdown_cell(rule)}" for rule in CONSISTENCY),
        "",
        "### Problem codes (not eligible)",
        "",
        *_markdown_table(("Code", "Variant", "Message (English template)"), _codes(PROBLEM_CODES)),
        "",
        "### Warning codes (check before filing)",
        "",
        *_markdown_table(("Code", "Variant", "Message (English template)"), _codes(WARNING_CODES)),
        "",
        "### Routes",
        "",
        *_markdown_table(
            ("Process", "Message"),
            tuple((process.value, text) for process, text in ROUTE_MESSAGES.items()),
        ),
        "",
        "### Evidence codes (`evidence_attached`)",
        "",
        *_markdown_table(("Code", "Evidence"), tuple(EVIDENCE_TEXTS.items())),
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


def _codes(codes: frozenset[str]) -> tuple[tuple[str, str, str], ...]:
    rows = []
    for (code, variant), template in sorted(catalogue.FINDINGS.items()):
        if code in codes:
            text = template if isinstance(template, str) else template.plural
            rows.append((code, variant or "–", text.replace("%(", "{").replace(")s", "}")))
    return tuple(rows)


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
