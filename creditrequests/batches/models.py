"""A batch: the drafts made from one SLA draft's incident, one per customer, reviewed together."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from creditrequests.models import CreditRequestDraft, Organisation


class OutageBatch(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(
        CreditRequestDraft, on_delete=models.PROTECT, related_name="batches_made"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outage batch")
        verbose_name_plural = _("outage batches")

    def __str__(self) -> str:
        return f"{self.source} ({self.members.count()})"


class BatchMember(models.Model):
    batch = models.ForeignKey(OutageBatch, on_delete=models.CASCADE, related_name="members")
    draft = models.OneToOneField(
        CreditRequestDraft, on_delete=models.CASCADE, related_name="batch_membership"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.draft_id}"
