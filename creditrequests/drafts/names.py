"""File names for a draft's downloads: the customer and the reference, readable and safe."""

from django.utils.text import slugify


def download_filename(draft, extension: str) -> str:
    """credit-request-<customer>-<reference>.<extension> (ASCII, lower case); the draft's short
    ID stands in for a customer and reference not given yet."""
    parts = [slugify(draft.customer_name)[:60], slugify(draft.reference)[:40]]
    name = "-".join(part for part in parts if part) or str(draft.public_id)[:8]
    return f"credit-request-{name}.{extension}"
