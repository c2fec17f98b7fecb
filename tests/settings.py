"""Test settings: the real settings, served over plain HTTP, with a fast password hasher."""

import os

os.environ.setdefault("DJANGO_ALLOW_DEV_SECRET_KEY", "1")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")

from creditrequests.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Mails about moves go out as soon as the move commits, in the test's own thread.
NOTIFY_IN_BACKGROUND = False

# Browser tests hand every HTML page served to the Nu HTML Checker (tests/e2e/nu_checker.py).
MIDDLEWARE = ["tests.e2e.nu_checker.RecordHtmlPages", *MIDDLEWARE]  # noqa: F405

# Evidence files live in memory: nothing is written to disk, nothing outlives the test run.
STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}  # noqa: F405
