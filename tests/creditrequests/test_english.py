"""The language check of free-text answers (creditrequests/english.py)."""

import threading
import time

from py3langid import langid

from creditrequests import english


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


def test_a_swedish_answer_still_looks_non_english():
    assert english.looks_non_english("Kunden köpte fel licens och vill ha pengarna tillbaka.")
    assert not english.looks_non_english("The customer bought the wrong licence by mistake.")
