"""looks_non_english: a warning for answers in another language, not for names."""

import importlib
import threading
import time

import pytest
from py3langid import langid

from creditrequests import english
from creditrequests.english import looks_non_english


@pytest.mark.parametrize(
    "text",
    [
        "Kunden kunde inte logga in i Outlook på hela dagen",
        "4 timmar 30 minuter",
        "Väntade på Microsofts åtgärd, använde webbmejl under tiden",
        "Prislistan i Partnercenter, den 3 mars",
    ],
)
def test_an_answer_in_swedish_is_flagged(text):
    assert looks_non_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "The customer could not sign in to Outlook all day",
        "4 hours 30 minutes",
        "Waited for the fix; used webmail meanwhile.",
        # Names of places and products are no language's: no warning.
        "Stockholm, Göteborg",
        "Helsinki, Oslo, Copenhagen",
        "Azure AD B2C",
        "Exchange Online, SharePoint Online",
        "",
        "ok",
    ],
)
def test_english_answers_and_lists_of_names_are_not_flagged(text):
    assert not looks_non_english(text)


def test_threads_asking_at_once_load_the_language_model_once(monkeypatch):
    loads = []
    original = langid.LanguageIdentifier.from_model_file

    def counted(*args, **kwargs):
        loads.append(1)
        time.sleep(0.05)  # long enough for the other threads to arrive meanwhile
        return original(*args, **kwargs)

    monkeypatch.setattr(langid.LanguageIdentifier, "from_model_file", counted)
    english._loaded_identifier.cache_clear()
    try:
        threads = [threading.Thread(target=english._identifier) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        english._loaded_identifier.cache_clear()

    assert loads == [1]


def test_an_app_server_worker_loads_the_language_model_when_it_starts():
    english._loaded_identifier.cache_clear()
    import creditrequests.wsgi  # noqa: F401  (what gunicorn imports in each worker)

    importlib.reload(creditrequests.wsgi)

    assert english._loaded_identifier.cache_info().currsize == 1
