"""Reading credit requests from JSON, the CLI's input: strict, so a typo never goes unnoticed.

Keys are the CreditRequest field names. Every refusal is an InputError with a one-line message.
"""

import json
import re
from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from rules.evidence import EVIDENCE_CODES
from rules.model import (
    BoughtFrom,
    Commerce,
    CreditRequest,
    CreditType,
    Event,
    Offer,
    PartnerType,
    Product,
    Role,
    ServiceFamily,
)
from rules.rulesets import RULE_SETS

# Bigger than any real batch; reading more would only risk memory for nothing.
MAX_INPUT_BYTES = 32 * 1024 * 1024
REQUIRED_KEYS = ("credit_type", "role", "partner_type")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_DECIMAL_TEXT = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")


class InputError(ValueError):
    """Input the CLI refuses; str(error) is one line for stderr."""


def parse_document(raw: bytes) -> object:
    """The JSON value in raw bytes (UTF-8), with decimals as Decimal and duplicate keys refused."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"input is not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise InputError("no input: expected a JSON object or an array of objects on stdin")
    try:
        return json.loads(
            text,
            parse_float=_decimal,
            parse_constant=_refuse_constant,
            object_pairs_hook=_object_without_duplicates,
        )
    except InputError:
        raise
    except json.JSONDecodeError as error:
        raise InputError(
            f"malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise InputError("malformed JSON: nested too deeply") from None
    except ValueError as error:
        # json raises a bare ValueError for integers longer than Python converts (4300 digits).
        raise InputError(f"malformed JSON: {_one_line(str(error))}") from None


def requests_from_document(
    document: object, today: date, now: datetime | None = None
) -> list[CreditRequest]:
    """The requests in a parsed document: one object, or an array of objects (order kept).

    `today` and `now` (an aware UTC date-time) stand in for the keys an object leaves out.
    """
    if isinstance(document, dict):
        return [request_from_json(document, today, now)]
    if isinstance(document, list):
        requests = []
        for index, item in enumerate(document):
            try:
                requests.append(request_from_json(item, today, now))
            except InputError as error:
                raise InputError(f"item {index}: {error}") from None
        return requests
    raise InputError(f"expected a JSON object or an array of objects, got {_shown(document)}")


def request_from_json(data: object, today: date, now: datetime | None = None) -> CreditRequest:
    """A CreditRequest from one JSON object.

    Without "today" and "now" the request is judged at `today` and `now` (the CLI passes the
    current date and moment). With "now" alone, today is its UTC date; with "today" alone, the
    request is judged at the start of that day, 00:00 UTC (our convention).
    """
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {_shown(data)}")
    for key in data:
        if key not in _CONVERTERS:
            raise InputError(f"unknown key {_shown(key)}")
    values: dict[str, Any] = {}
    for key in REQUIRED_KEYS:
        if data.get(key) is None:
            raise InputError(f"missing key {_shown(key)}")
    for key, value in data.items():
        if value is not None:
            values[key] = _CONVERTERS[key](key, value)
    if "today" in values and "now" in values and values["now"].date() != values["today"]:
        raise InputError(
            f"now: {_shown(data['now'])} is not on the request date today "
            f"({values['today'].isoformat()}, UTC); give one of them, or both for the same day"
        )
    if "today" not in values:
        if "now" in values:
            values["today"] = values["now"].date()
        else:
            values["today"] = today
            if now is not None:
                values["now"] = now
    return CreditRequest(**values)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:
        raise InputError(f"malformed JSON: the number {text[:40]} is out of range") from None


def _refuse_constant(name: str) -> object:
    raise InputError(f"malformed JSON: {name} is not a JSON number")


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError(f"duplicate key {_shown(key)}")
        result[key] = value
    return result


def _enum(enum: type[StrEnum]) -> Callable[[str, object], StrEnum]:
    allowed = ", ".join(member.value for member in enum)

    def convert(key: str, value: object) -> StrEnum:
        if isinstance(value, str) and value in enum._value2member_map_:
            return enum(value)
        raise InputError(f"{key}: unknown value {_shown(value)} (expected one of: {allowed})")

    return convert


def _date(key: str, value: object) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{key}: {_shown(value)} is not a real date") from None
    raise InputError(f"{key}: expected a date as YYYY-MM-DD, got {_shown(value)}")


def _moment(key: str, value: object) -> datetime:
    """An ISO 8601 date-time in UTC: no offset means UTC, a bare date 00:00 UTC."""
    if isinstance(value, str) and _ISO_DATE_TIME.fullmatch(value):
        try:
            moment = datetime.fromisoformat(value.replace(" ", "T", 1))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise InputError(f"{key}: {_shown(value)} is not a real date and time") from None
    raise InputError(
        f"{key}: expected an ISO 8601 date-time like 2026-11-25T10:00:00Z, got {_shown(value)}"
    )


def _event_moment(key: str, value: object) -> datetime:
    # Whole seconds: Partner Center shows no fractions, and a window closing at a fraction
    # would print as a moment already past. The request's own `now` keeps its fractions.
    return _moment(key, value).replace(microsecond=0)


def _evidence(key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InputError(f"{key}: expected an array of evidence codes, got {_shown(value)}")
    codes = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in EVIDENCE_CODES:
            known = ", ".join(sorted(EVIDENCE_CODES))
            raise InputError(
                f"{key}[{index}]: unknown evidence code {_shown(item)} (expected one of: {known})"
            )
        if item not in codes:
            codes.append(item)
    return tuple(codes)


def _text(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise InputError(f"{key}: expected a string, got {_shown(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (\ud800) is valid JSON but not text: it could not even be printed.
        raise InputError(f"{key}: the string contains an invalid \\u escape") from None
    return value


def _bool(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{key}: expected true or false, got {_shown(value)}")
    return value


def _integer(key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{key}: expected a whole number, got {_shown(value)}")
    return value


def _users_assigned(key: str, value: object) -> int:
    # The team's wizard asks "are users assigned?" as yes/no; both forms are accepted.
    if isinstance(value, bool):
        return int(value)
    return _integer(key, value)


def _domains(key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InputError(f"{key}: expected an array of strings, got {_shown(value)}")
    return tuple(_text(f"{key}[{index}]", item) for index, item in enumerate(value))


def _amount(key: str, value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        return Decimal(value.strip())
    raise InputError(f'{key}: expected a number or a string like "125.50", got {_shown(value)}')


def _rule_set(key: str, value: object) -> str:
    if isinstance(value, str) and value in RULE_SETS:
        return value
    known = ", ".join(RULE_SETS)
    raise InputError(f"{key}: unknown rule set {_shown(value)} (known: {known})")


_CONVERTERS_BY_TYPE: dict[object, Callable[[str, object], object]] = {
    CreditType: _enum(CreditType),
    Role: _enum(Role),
    PartnerType: _enum(PartnerType),
    Offer | None: _enum(Offer),
    Commerce | None: _enum(Commerce),
    Product | None: _enum(Product),
    Event | None: _enum(Event),
    BoughtFrom | None: _enum(BoughtFrom),
    ServiceFamily | None: _enum(ServiceFamily),
    datetime | None: _event_moment,
    tuple[str, ...] | None: _evidence,
    date: _date,
    date | None: _date,
    str | None: _text,
    bool | None: _bool,
    int: _integer,
    int | None: _integer,
    tuple[str, ...]: _domains,
    Decimal | None: _amount,
}
# One converter per CreditRequest field, found from its type; two fields need their own rules.
_CONVERTERS: dict[str, Callable[[str, object], object]] = {
    field.name: _CONVERTERS_BY_TYPE[field.type] for field in fields(CreditRequest)
}
_CONVERTERS["users_assigned"] = _users_assigned
_CONVERTERS["rule_set"] = _rule_set
_CONVERTERS["now"] = _moment


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    text = json.dumps(value) if isinstance(value, str | bool) or value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line(text: str) -> str:
    return " ".join(text.split())
