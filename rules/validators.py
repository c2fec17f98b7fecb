"""Field validators shared by the rules and the Django forms, so each rule is written once.

`normalise_*` and `parse_*` return the canonical value or raise InvalidValue; `check_*` return a
Finding for the field, or None when the value is fine.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from rules import catalogue
from rules.catalogue import gettext_noop
from rules.model import Finding
from rules.ruleset import RuleSet
from rules.wording import english_values, finding

_GUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}"
)
# Most IDs are pasted already canonical; recognising that skips the rebuilding below.
_CANONICAL_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_OUTAGE_ID = re.compile(r"[A-Za-z]{2}[0-9]+")
# Azure Service Health names an incident by a tracking ID such as VN11-JD8 (our convention:
# POLICY.md defines only the two-letter IDs of Microsoft 365).
_AZURE_TRACKING_ID = re.compile(r"[A-Za-z0-9]{3,6}-[A-Za-z0-9]{2,6}")
_DOMAIN = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})"
)
_EMAIL = re.compile(r"([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@(.+)")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_CURRENCY = re.compile(r"[A-Za-z]{3}")

# The suffix every tenant's initial domain shares; alone it would match every tenant in the world.
ONMICROSOFT_SUFFIX = "onmicrosoft.com"
# Above this an amount is a typo, and formatting it could take unbounded memory.
MAX_AMOUNT = Decimal("1000000000000")
_NIL_GUID = "0" * 32
_NIL_GUID_CANONICAL = "00000000-0000-0000-0000-000000000000"
_CENT = Decimal("0.01")


catalogue.register(
    findings={
        ("missing_field", ""): gettext_noop("%(field)s: required. %(why)s"),
        ("missing_field", "no_reason"): gettext_noop("%(field)s: required."),
        ("missing_evidence", ""): gettext_noop("%(field)s: not given. %(why)s"),
        ("invalid_guid", ""): gettext_noop(
            "%(field)s: %(value)s is not a GUID. Enter 32 hexadecimal characters in the form "
            "8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
        ("invalid_guid", "all_zero"): gettext_noop(
            "%(field)s: The all-zero GUID is a placeholder, not a real ID. Copy the real one."
        ),
        ("invalid_outage_id", ""): gettext_noop(
            "%(field)s: %(value)s is not an outage incident ID. It is two letters followed by a "
            "number, like EX25194, as shown on the Service Health dashboard."
        ),
        ("invalid_outage_id", "azure"): gettext_noop(
            "%(field)s: %(value)s is not an outage ID. For Azure, copy the tracking ID from "
            "Azure Service Health, like VN11-JD8, or an ID of two letters and a number."
        ),
        ("invalid_domain", ""): gettext_noop(
            "%(field)s: %(value)s is not a domain name. Enter it like contoso.com, without "
            "http://, @ or a path."
        ),
        ("invalid_domain", "onmicrosoft"): gettext_noop(
            "%(field)s: onmicrosoft.com alone is shared by every tenant. Enter the tenant's own "
            "domain, like contoso.onmicrosoft.com."
        ),
        ("invalid_domain", "free_mail"): gettext_noop(
            "%(field)s: %(domain)s is a personal email service, not a domain of the customer's "
            "tenant."
        ),
        ("invalid_domain", "too_many"): gettext_noop(
            "%(field)s: More than %(limit)s domains. Enter the affected tenant's own domains only."
        ),
        ("invalid_email", ""): gettext_noop(
            "%(field)s: %(value)s is not an email address. Enter it like it@contoso.com."
        ),
        ("personal_email", ""): gettext_noop(
            "%(field)s: %(domain)s is a personal email service. Microsoft accepts the customer's "
            "evidence only from an address at a domain of the affected tenant."
        ),
        ("email_domain_mismatch", ""): gettext_noop(
            "%(field)s: %(domain)s is not one of the tenant's domains (%(tenant_domains)s) or a "
            "subdomain of one. Use an email the customer sent from a tenant domain, or add the "
            "domain to the tenant domains if the tenant owns it."
        ),
        ("date_in_future", ""): gettext_noop(
            "%(field)s: %(date)s is after today (%(today)s). Enter the date it happened; a "
            "request cannot be filed for something that has not happened yet."
        ),
        ("date_order", ""): gettext_noop(
            "%(field)s: %(date)s is before the %(start_field)s (%(start_date)s). Check both dates."
        ),
        ("invalid_number", ""): gettext_noop(
            "%(field)s: %(value)s is negative. Enter a number of 0 or more."
        ),
        ("invalid_amount", ""): gettext_noop(
            "%(field)s: %(value)s is not an amount Microsoft can credit. Enter a positive amount "
            "with at most two decimals and a full stop as decimal mark, like 125.50."
        ),
        ("invalid_currency", ""): gettext_noop(
            "%(field)s: %(value)s is not a currency code. Enter the three-letter ISO 4217 code, "
            "like EUR, SEK or USD."
        ),
    },
    reasons={"currency_needed": gettext_noop("Say which currency the amount is in.")},
)

_FIELD_PREFIX = "%(field)s: "


class InvalidValue(ValueError):
    """A value to refuse: `code` is the problem code, `params` the values its template
    interpolates (see Finding.params; "variant" picks the wording), `message` plain English."""

    def __init__(self, code: str, params: Mapping[str, str] | None = None) -> None:
        self.code = code
        self.params = dict(params or {})
        template = catalogue.finding_template(code, self.params.get("variant", ""))
        if isinstance(template, str):
            template = template.removeprefix(_FIELD_PREFIX)
        self.message = catalogue.fill(template, english_values(self.params))
        super().__init__(self.message)


def quoted(value: object, limit: int = 60) -> str:
    """The value as shown inside a message: quoted, on one line, shortened when long."""
    text = repr(value) if not isinstance(value, str) else "'" + value + "'"
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= limit else text[: limit - 2] + "…'"


def as_finding(field: str, error: InvalidValue) -> Finding:
    """Turn a validator's error into a Finding whose message starts with the field's name."""
    params = dict(error.params)
    variant = params.pop("variant", "")
    return finding(field, error.code, variant, **params)


def missing_field(field: str, why: str = "") -> Finding:
    """The problem for a required field left empty; `why` is a reason code (catalogue.REASONS)."""
    if not why:
        return finding(field, "missing_field", "no_reason", why="")
    return finding(field, "missing_field", why=why)


def missing_evidence(field: str, why: str) -> Finding:
    """The warning for a field Microsoft's reviewer wants but the policy does not require."""
    return finding(field, "missing_evidence", why=why)


def missing_evidence_warnings(request: object, wanted: Mapping[str, str]) -> tuple[Finding, ...]:
    """A missing_evidence warning for each wanted field (field -> reason code) left empty."""
    return tuple(
        missing_evidence(field, why)
        for field, why in wanted.items()
        if not is_given(getattr(request, field))
    )


def is_given(value: object) -> bool:
    """Whether an optional field is filled in: not None and, for text, more than whitespace."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def normalise_guid(value: str) -> str:
    """A GUID in lowercase canonical 8-4-4-4-12 form; braces and upper case are accepted."""
    if _CANONICAL_GUID.fullmatch(value) and value != _NIL_GUID_CANONICAL:
        return value
    text = value.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if not _GUID.fullmatch(text):
        raise InvalidValue(
            "invalid_guid",
            {"value": quoted(value)},
        )
    digits = text.replace("-", "").lower()
    if digits == _NIL_GUID:
        raise InvalidValue(
            "invalid_guid",
            {"variant": "all_zero", "value": quoted(value)},
        )
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def check_guid(value: str | None, field: str) -> Finding | None:
    """A problem when an optional GUID field is filled in but is not a GUID."""
    if not is_given(value):
        return None
    try:
        normalise_guid(value)
    except InvalidValue as error:
        return as_finding(field, error)
    return None


def normalise_outage_id(value: str) -> str:
    """An outage incident ID (two letters and a number, like EX25194), in upper case."""
    text = value.strip()
    if not _OUTAGE_ID.fullmatch(text):
        raise InvalidValue(
            "invalid_outage_id",
            {"value": quoted(value)},
        )
    return text.upper()


def normalise_azure_tracking_id(value: str) -> str:
    """An Azure Service Health tracking ID (like VN11-JD8), in upper case."""
    text = value.strip()
    if not _AZURE_TRACKING_ID.fullmatch(text):
        raise InvalidValue("invalid_outage_id", {"variant": "azure", "value": quoted(value)})
    return text.upper()


def normalise_any_outage_id(value: str, *, azure: bool) -> str:
    """An outage ID as Service Health shows it: two letters and a number (EX25194) for every
    service, and for Azure also a tracking ID (VN11-JD8). Raises InvalidValue."""
    if azure:
        try:
            return normalise_azure_tracking_id(value)
        except InvalidValue:
            pass
    return normalise_outage_id(value)


def outage_prefix_known(outage_id: str, rule_set: RuleSet) -> bool:
    """Whether a (normalised) outage ID starts with a service prefix the rule set knows."""
    return outage_id[:2].upper() in rule_set.outage_prefixes


def normalise_domain(value: str) -> str:
    """A domain name in lower case ASCII (international names as punycode), without trailing dot."""
    text = value.strip().lower().removesuffix(".")
    if not text.isascii():
        try:
            text = text.encode("idna").decode("ascii")
        except UnicodeError:
            text = ""
    if len(text) > 253 or not _DOMAIN.fullmatch(text):
        raise InvalidValue(
            "invalid_domain",
            {"value": quoted(value)},
        )
    return text


def normalise_tenant_domain(value: str, rule_set: RuleSet) -> str:
    """A domain the customer's tenant can own: not bare onmicrosoft.com, not a free-mail service."""
    domain = normalise_domain(value)
    if domain == ONMICROSOFT_SUFFIX:
        raise InvalidValue(
            "invalid_domain",
            {"variant": "onmicrosoft", "value": quoted(value)},
        )
    if is_free_mail(domain, rule_set):
        raise InvalidValue(
            "invalid_domain",
            {"variant": "free_mail", "domain": domain},
        )
    return domain


def email_domain(value: str) -> str:
    """The normalised domain of an email address (raises InvalidValue invalid_email)."""
    return _split_email(value)[1]


def normalise_email(value: str) -> str:
    """An email address with its domain normalised; the local part is kept as typed."""
    local, domain = _split_email(value)
    return f"{local}@{domain}"


def _split_email(value: str) -> tuple[str, str]:
    text = value.strip()
    match = _EMAIL.fullmatch(text) if len(text) <= 254 else None
    if match:
        try:
            return match[1], normalise_domain(match[2])
        except InvalidValue:
            pass
    raise InvalidValue(
        "invalid_email",
        {"value": quoted(value)},
    )


def is_free_mail(domain: str, rule_set: RuleSet) -> bool:
    """Whether a normalised domain is, or is under, a known free-mail service."""
    free = rule_set.free_mail_domains
    suffix = domain
    while "." in suffix:
        if suffix in free:
            return True
        suffix = suffix.partition(".")[2]
    return False


def domain_within(domain: str, parent: str) -> bool:
    """Whether a domain equals parent or is a subdomain of it (both normalised)."""
    return domain == parent or domain.endswith("." + parent)


def check_evidence_email(
    email: str, tenant_domains: Iterable[str], rule_set: RuleSet
) -> Finding | None:
    """A problem when the customer's evidence email is not from a domain of the affected tenant.

    Tenant domains that are not valid are skipped (they get their own problem); with no valid
    tenant domain only the address itself and the free-mail rule are checked.
    """
    valid, _ = normalise_tenant_domains(tenant_domains, rule_set)
    return check_evidence_email_normalised(email, valid, rule_set)


def check_evidence_email_normalised(
    email: str, tenant_domains: Sequence[str], rule_set: RuleSet
) -> Finding | None:
    """check_evidence_email for tenant domains that are already valid and normalised."""
    field = "evidence_email"
    try:
        domain = email_domain(email)
    except InvalidValue as error:
        return as_finding(field, error)
    if is_free_mail(domain, rule_set):
        return finding(field, "personal_email", domain=domain)
    if tenant_domains and not any(domain_within(domain, tenant) for tenant in tenant_domains):
        return finding(
            field, "email_domain_mismatch", domain=domain, tenant_domains=", ".join(tenant_domains)
        )
    return None


# Microsoft 365 lets one tenant verify at most 5,000 domains; a claim never needs more.
MAX_TENANT_DOMAINS = 5000


def normalise_tenant_domains(
    values: Iterable[str], rule_set: RuleSet
) -> tuple[tuple[str, ...], tuple[InvalidValue, ...]]:
    """The tenant domains as entered, normalised and without repeats, and an error per bad one.

    Blank entries are skipped: a form's empty extra rows are not domains. At most
    MAX_TENANT_DOMAINS entries are read; more give one error and the rest are ignored.
    """
    domains: list[str] = []
    seen: set[str] = set()
    errors: list[InvalidValue] = []
    given = 0
    for value in values:
        if not is_given(value):
            continue
        given += 1
        if given > MAX_TENANT_DOMAINS:
            errors.append(
                InvalidValue(
                    "invalid_domain", {"variant": "too_many", "limit": str(MAX_TENANT_DOMAINS)}
                )
            )
            break
        try:
            domain = normalise_tenant_domain(value, rule_set)
        except InvalidValue as error:
            errors.append(error)
            continue
        if domain not in seen:
            seen.add(domain)
            domains.append(domain)
    return tuple(domains), tuple(errors)


def check_not_future(day: date, today: date, field: str) -> Finding | None:
    """A problem when a date that must already have happened is after today."""
    if day <= today:
        return None
    return finding(field, "date_in_future", date=day.isoformat(), today=today.isoformat())


def check_order(start: date, end: date, *, field: str, start_field: str) -> Finding | None:
    """A problem on `field` when its date `end` comes before the `start` date it must follow."""
    if start <= end:
        return None
    return finding(
        field,
        "date_order",
        date=end.isoformat(),
        start_field=start_field,
        start_date=start.isoformat(),
    )


def check_count(value: int | None, field: str) -> Finding | None:
    """A problem when a count of users is negative."""
    if value is None or value >= 0:
        return None
    return finding(field, "invalid_number", value=value)


def parse_amount(value: str | int | Decimal) -> Decimal:
    """An amount of money typed as text (125.50): positive, at most two decimals."""
    if isinstance(value, str):
        text = value.strip()
        if not _DECIMAL.fullmatch(text):
            raise _invalid_amount(value)
        value = Decimal(text)
    elif isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _invalid_amount(value)
    return validate_amount(Decimal(value))


def validate_amount(amount: Decimal) -> Decimal:
    """The amount itself when it is a positive sum of money with at most two decimals."""
    # Range first: quantize is exact only for amounts below MAX_AMOUNT (and finite ones).
    if not (amount.is_finite() and 0 < amount < MAX_AMOUNT) or amount != amount.quantize(_CENT):
        raise _invalid_amount(amount)
    return amount


def _invalid_amount(value: object) -> InvalidValue:
    shown = quoted(str(value)) if isinstance(value, Decimal) else quoted(value)
    return InvalidValue(
        "invalid_amount",
        {"value": shown},
    )


def normalise_currency(value: str) -> str:
    """A currency code of three letters in upper case (the shape of ISO 4217), like EUR."""
    text = value.strip()
    if not _CURRENCY.fullmatch(text):
        raise InvalidValue(
            "invalid_currency",
            {"value": quoted(value)},
        )
    return text.upper()


def check_amount(amount: Decimal | None, currency: str | None) -> tuple[Finding, ...]:
    """Problems with the amount asked for and its currency (a currency is needed with an amount)."""
    problems = []
    if amount is not None:
        try:
            validate_amount(amount)
        except InvalidValue as error:
            problems.append(as_finding("amount", error))
    if is_given(currency):
        try:
            normalise_currency(currency)
        except InvalidValue as error:
            problems.append(as_finding("currency", error))
    elif amount is not None:
        problems.append(missing_field("currency", "currency_needed"))
    return tuple(problems)
