"""An evidence file on a draft: the stored bytes, what they are, and what an email said."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from creditrequests.models import CreditRequestDraft


class FileKind(models.TextChoices):
    EML = "eml", _("Email (.eml)")
    MSG = "msg", _("Outlook email (.msg)")
    PDF = "pdf", _("PDF")
    PNG = "png", _("Screenshot (PNG)")
    JPEG = "jpeg", _("Screenshot (JPEG)")


class SenderCheck(models.TextChoices):
    """The evidence-email rule's answer for an email's sender ("" for files that are not email)."""

    NOT_EMAIL = "", _("Not an email")
    ACCEPTED = "accepted", _("From a tenant domain")
    PERSONAL = "personal_email", _("Personal address: not accepted")
    MISMATCH = "email_domain_mismatch", _("Not from a tenant domain")
    UNREADABLE = "unreadable", _("No sender address found")


def stored_name(instance, filename: str) -> str:
    # Never the uploaded name: the storage key is a random ID under the organisation.
    return f"evidence/{instance.draft.organisation_id}/{instance.public_id.hex}"


class EvidenceFile(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    draft = models.ForeignKey(
        CreditRequestDraft, on_delete=models.CASCADE, related_name="evidence_files"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=FileKind.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    email_sender = models.CharField(_("sender"), max_length=254, blank=True, default="")
    email_date = models.DateTimeField(_("sent"), null=True, blank=True)
    email_subject = models.CharField(_("subject"), max_length=500, blank=True, default="")
    sender_check = models.CharField(
        _("sender check"), max_length=32, choices=SenderCheck.choices, blank=True, default=""
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_email(self) -> bool:
        return self.kind in (FileKind.EML, FileKind.MSG)
