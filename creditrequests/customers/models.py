"""A customer in an organisation's directory: name, tenant ID, tenant domains, notes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from creditrequests.models import Organisation


class CustomerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The customers a user may see: their organisation's, nothing else."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def search(self, query: str):
        """Name, tenant ID or a domain containing the query (case-insensitive)."""
        query = query.strip()
        if not query:
            return self
        return self.filter(
            models.Q(name__icontains=query)
            | models.Q(tenant_id__icontains=query)
            | models.Q(domains_text__icontains=query)
        )


class Customer(models.Model):
    """One of the partner's customers; an archived one stays for old drafts but is not offered."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="customers"
    )
    name = models.CharField(_("customer name"), max_length=200)
    tenant_id = models.CharField(_("tenant ID"), max_length=36, blank=True, default="")
    tenant_domains = models.JSONField(_("tenant domains"), default=list, blank=True)
    # The domains one a line, for search (JSON lookups differ between SQLite and PostgreSQL).
    domains_text = models.TextField(blank=True, default="", editable=False)
    notes = models.TextField(_("notes"), blank=True, default="")
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "tenant_id"],
                condition=~models.Q(tenant_id=""),
                name="one_customer_per_tenant_and_organisation",
            )
        ]
        indexes = [models.Index(fields=["organisation", "archived_at", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.domains_text = "\n".join(self.tenant_domains or [])
        super().save(*args, **kwargs)
