from django.apps import AppConfig


class CreditRequestsConfig(AppConfig):
    name = "creditrequests"
    verbose_name = "Credit requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import (
            language,  # noqa: F401  (connects the sign-in receiver)
            two_factor,  # noqa: F401 (connects the second-factor signal)
        )
        from .customers import picker  # noqa: F401 (a directory change renews its picker list)
        from .search import repair_after_migrate

        # A migration that rebuilds the drafts table on SQLite drops the search triggers.
        post_migrate.connect(repair_after_migrate, sender=self)
