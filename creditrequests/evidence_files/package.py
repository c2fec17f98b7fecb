"""The filing package: one zip per approved draft, ready to attach to the Partner Center ticket.

    details.txt          the Details text to paste
    summary.txt          one page: the facts Microsoft's credit or refund request form asks for
    evidence/<name>      each evidence file, as uploaded (names made unique)

The summary is in English, like the Details text: it goes to Microsoft.
"""

import io
import zipfile

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import translation

from creditrequests.drafts.views import get_visible_draft
from creditrequests.models import DraftStatus

PACKAGED = (DraftStatus.APPROVED, DraftStatus.FILED)

_SENDER_WORDS = {
    "accepted": "sender is from a tenant domain",
    "personal_email": "sender is a personal address (not accepted as evidence)",
    "email_domain_mismatch": "sender is not from a tenant domain",
    "unreadable": "no sender address found",
}


def summary_text(draft) -> str:
    """The one-page summary of the credit request, in English."""
    answers = draft.answers or {}
    rows = [
        ("Partner", draft.organisation.name),
        ("Customer", draft.customer_name),
        ("Customer tenant ID", answers.get("tenant_id", "")),
        ("Tenant domains", ", ".join(answers.get("tenant_domains") or [])),
        ("Credit type", _english(draft.get_credit_type_display)),
        ("Outage incident ID", answers.get("outage_id", "")),
        ("Incident date", answers.get("incident_date", "")),
        ("Purchase date", answers.get("purchase_date", "")),
        ("Amount", f"{draft.amount} {draft.currency}" if draft.amount is not None else ""),
        ("Evidence email", answers.get("evidence_email", "")),
        ("Partner reference", draft.reference),
        ("Deadline", draft.deadline.isoformat() if draft.deadline else ""),
        ("Rule set", draft.rule_set_version),
        (
            "Approved by",
            (draft.reviewed_by.get_full_name() or draft.reviewed_by.username)
            if draft.reviewed_by
            else "",
        ),
        ("Approved on", draft.reviewed_at.date().isoformat() if draft.reviewed_at else ""),
    ]
    lines = ["Credit request summary", "=" * 22, ""]
    lines += [f"{label + ':':<22}{value}" for label, value in rows if value]
    lines += ["", "Evidence files", "-" * 14]
    files = list(draft.evidence_files.all())
    for evidence in files:
        line = f"- evidence/{evidence.original_name} ({evidence.size:,} bytes)"
        if evidence.is_email:
            sent = evidence.email_date.date().isoformat() if evidence.email_date else "no date"
            line += (
                f"\n  email from {evidence.email_sender or 'unknown'}, {sent}: "
                f"{evidence.email_subject or '(no subject)'}; "
                f"{_SENDER_WORDS.get(evidence.sender_check, '')}"
            )
        lines.append(line)
    if not files:
        lines.append("(none attached)")
    lines += ["", f"Request ID: {draft.public_id}", ""]
    return "\n".join(lines)


def _english(display) -> str:
    with translation.override("en"):
        return str(display())


def build_package(draft) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("details.txt", draft.details_text.replace("\r\n", "\n") + "\n")
        archive.writestr("summary.txt", summary_text(draft))
        used: set[str] = set()
        for evidence in draft.evidence_files.all():
            name = evidence.original_name
            stem, dot, extension = name.rpartition(".")
            number = 2
            while name in used:
                name = f"{stem} ({number}){dot}{extension}"
                number += 1
            used.add(name)
            with evidence.file.open("rb") as handle:
                archive.writestr(f"evidence/{name}", handle.read())
    return buffer.getvalue()


@login_required
def filing_package(request, public_id):
    """The zip for an approved (or filed) draft of the user's organisation."""
    draft = get_visible_draft(request, public_id)
    if draft.status not in PACKAGED or not draft.details_text:
        raise Http404("Only an approved request has a filing package.")
    response = HttpResponse(build_package(draft), content_type="application/zip")
    name = f"credit-request-{str(draft.public_id)[:8]}-filing-package.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
