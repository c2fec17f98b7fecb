from django.apps import AppConfig


class CreditRequestsConfig(AppConfig):
    name = "creditrequests"
    verbose_name = "Credit requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            language,  # noqa: F401  (connects the sign-in receiver)
            two_factor,  # noqa: F401 (connects the second-factor signal)
        )
