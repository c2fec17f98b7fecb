"""Remember the language each person uses, so that mails to them are written in it."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.views.i18n import set_language as django_set_language

from .models import User


def remember_language(user, code: str) -> None:
    if code in dict(settings.LANGUAGES) and user.language != code:
        User.objects.filter(pk=user.pk).update(language=code)
        user.language = code


@receiver(user_logged_in)
def remember_language_at_sign_in(sender, request, user, **kwargs):
    if request is not None and getattr(request, "LANGUAGE_CODE", ""):
        remember_language(user, request.LANGUAGE_CODE)


def set_language(request):
    """Django's language switch, which also remembers the choice for the person's mails."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        remember_language(request.user, request.POST.get("language", ""))
    return response
