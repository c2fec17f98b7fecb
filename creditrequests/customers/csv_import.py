"""Import customers from Partner Center's exported customer list (Customers.csv).

Partner Center's "Export customers" writes these columns (docs/user-guide.md#customers):

    Microsoft ID         -> tenant ID (the customer's tenant GUID)
    Company name         -> name
    Primary domain name  -> the first tenant domain
    Relationship, Tags   -> ignored (any other column is ignored too)

Two optional columns of our own are read when present: "Domains" (more tenant domains,
separated by spaces, commas or semicolons) and "Notes". Headers match case-insensitively.
Every row is checked before anything is written: a bad row is reported with its line number
and left out, the good rows are imported; a tenant already in the directory is updated.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from creditrequests import text as text_rule
from creditrequests.evaluation import current_rule_set
from rules import validators

from .models import Customer

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

COLUMNS = {
    "microsoft id": "tenant_id",
    "customer id": "tenant_id",
    "tenant id": "tenant_id",
    "company name": "name",
    "customer name": "name",
    "name": "name",
    "primary domain name": "primary_domain",
    "domain name": "primary_domain",
    "domains": "domains",
    "notes": "notes",
}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


class CsvRefused(Exception):
    """The file as a whole cannot be read; the message says why."""


def read_rows(data: bytes) -> tuple[list[tuple[int, dict[str, str]]], dict[str, str]]:
    """(line number, row by our field names) for each data row, and the column mapping."""
    if len(data) > MAX_BYTES:
        raise CsvRefused(_("The file is larger than 2 MB. Split it and import each part."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvRefused(
            _("The file is not UTF-8 text. Export it again from Partner Center as CSV.")
        ) from None
    if "\x00" in text:
        raise CsvRefused(_("The file is not a CSV file. Export it again from Partner Center."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise CsvRefused(_("The file is empty.")) from None
    mapping = {}
    for index, title in enumerate(header):
        key = COLUMNS.get(title.strip().strip('"').lower())
        if key and key not in mapping.values():
            mapping[index] = key
    found = set(mapping.values())
    if "name" not in found or "tenant_id" not in found:
        raise CsvRefused(
            _(
                "The file needs the columns “Microsoft ID” and “Company name” (as Partner "
                "Center exports them). Its first line has: %(columns)s."
            )
            % {"columns": ", ".join(h[:40] for h in header[:10]) or "–"}
        )
    rows = []
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvRefused(
                    _("The file has more than %(count)d customers. Split it.") % {"count": MAX_ROWS}
                )
            row = {
                key: (values[i].strip() if i < len(values) else "") for i, key in mapping.items()
            }
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise CsvRefused(
            _("Line %(line)d cannot be read as CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from None
    return rows, mapping


def _domains(row: dict[str, str]) -> list[str]:
    domains = []
    rule_set = current_rule_set()
    for item in [row.get("primary_domain", ""), *re.split(r"[\s,;]+", row.get("domains", ""))]:
        if not item:
            continue
        try:
            domain = validators.normalise_tenant_domain(item, rule_set)
        except validators.InvalidValue:
            raise ValueError(
                _("“%(value)s” is not a domain of a customer's tenant.") % {"value": item[:100]}
            ) from None
        if domain not in domains:
            domains.append(domain)
    return domains[:50]


def check_row(row: dict[str, str]) -> dict:
    """The customer's values, or ValueError with what is wrong (one message)."""
    name = row.get("name", "")
    if not name:
        raise ValueError(_("The company name is empty."))
    if len(name) > 200:
        raise ValueError(_("The company name is longer than 200 characters."))
    for value in row.values():
        kind = text_rule.refused_kind(value, multiline=False)
        if kind:
            raise ValueError(str(text_rule.MESSAGES[kind]))
    try:
        tenant_id = validators.normalise_guid(row.get("tenant_id", ""))
    except validators.InvalidValue:
        raise ValueError(
            _("“%(value)s” is not a tenant ID (a GUID like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14).")
            % {"value": row.get("tenant_id", "")[:60]}
        ) from None
    notes = row.get("notes", "")[:2000]
    return {"name": name, "tenant_id": tenant_id, "tenant_domains": _domains(row), "notes": notes}


def import_customers(organisation, data: bytes) -> ImportReport:
    """Check every row, then write the good ones in one transaction (CsvRefused: nothing)."""
    rows, _mapping = read_rows(data)
    report = ImportReport()
    good: dict[str, dict] = {}
    for line, row in rows:
        try:
            values = check_row(row)
        except ValueError as problem:
            report.problems.append((line, str(problem)))
            continue
        if values["tenant_id"] in good:
            report.problems.append(
                (line, _("The tenant ID is on an earlier line of the file too."))
            )
            continue
        good[values["tenant_id"]] = values
    with transaction.atomic():
        existing = {
            customer.tenant_id: customer
            for customer in Customer.objects.filter(
                organisation=organisation, tenant_id__in=list(good)
            )
        }
        for tenant_id, values in good.items():
            customer = existing.get(tenant_id)
            if customer is None:
                Customer.objects.create(organisation=organisation, **values)
                report.created += 1
            else:
                for name, value in values.items():
                    if name != "notes" or value:
                        setattr(customer, name, value)
                customer.archived_at = None
                customer.save()
                report.updated += 1
    return report
