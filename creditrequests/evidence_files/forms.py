"""The upload form: the file is checked by its content, and an email is read."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from creditrequests.evaluation import current_rule_set
from rules import validators

from . import checks
from .models import SenderCheck


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_(
            "The customer's email (.eml or Outlook .msg), a PDF, or a PNG or JPEG screenshot; "
            "at most 10 MB."
        ),
        error_messages={
            "required": _("Choose a file to attach."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a file to attach."),
        },
    )

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.facts: dict = {}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            checks.check_size(upload.size)
            if self.draft.evidence_files.count() >= checks.MAX_FILES_PER_DRAFT:
                raise checks.FileRefused(
                    _("A request holds at most %(count)d files. Remove one first.")
                    % {"count": checks.MAX_FILES_PER_DRAFT}
                )
            upload.seek(0)
            data = upload.read()
            kind = checks.kind_of(data)
            facts = {"kind": kind, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            if kind in (checks.FileKind.EML, checks.FileKind.MSG):
                email = checks.read_email(kind, data)
                facts.update(
                    email_sender=email.sender,
                    email_date=email.date,
                    email_subject=email.subject,
                    sender_check=sender_check(email.sender, self.draft.answers or {}),
                )
        except checks.FileRefused as refusal:
            raise ValidationError(str(refusal), code="refused") from None
        upload.seek(0)
        self.facts = facts
        return upload

    def stored_name(self) -> str:
        return checks.download_name(self.cleaned_data["file"].name, self.facts["kind"])


def sender_check(sender: str, answers: dict) -> str:
    """The evidence-email rule on an email's sender and the draft's tenant domains."""
    if not sender:
        return SenderCheck.UNREADABLE
    try:
        email = validators.normalise_email(sender)
    except validators.InvalidValue:
        return SenderCheck.UNREADABLE
    domains = answers.get("tenant_domains") or []
    if not isinstance(domains, list):
        domains = []
    problem = validators.check_evidence_email(email, domains, current_rule_set())
    if problem is None:
        return SenderCheck.ACCEPTED
    if problem.code == "personal_email":
        return SenderCheck.PERSONAL
    return SenderCheck.MISMATCH
