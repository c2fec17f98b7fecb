"""Does a typed answer look like English? (The Details text is read by Microsoft's support.)

py3langid (a maintained fork of langid.py) ships its model inside the package: it
works offline. The model loads once per process, on the first check (2.5 s measured
on the busy 2-core test machine), and a 2,000-character answer then takes 0.35 ms.
It is only asked to choose between the languages our users write, so a Swedish
answer is not mistaken for Kabyle.
The answer is a warning, never a refusal: names of places and products are not
English either, and the person typing knows best.

The first load is taken under a lock: in a gthread worker the first Check your answers
pages arrive together, and each thread loaded its own copy (0.7 s of CPU each, under
the GIL), so `make loadtest` saw GET check at p99 23 s while every other wizard step
stayed under 5.3 s (docs/performance.md). An app server loads it when a worker starts
(warm_up, from creditrequests/wsgi.py), before the worker takes requests.
"""

import re
import threading
from functools import cache

# The languages our users write besides English (Nordic and the larger EU languages).
CANDIDATES = ("en", "sv", "fi", "da", "no", "de", "fr", "nl", "es", "it", "pl", "pt")
# Below this probability of English (among CANDIDATES) the answer gets a warning.
ENGLISH_AT_LEAST = 0.15
_WORD = re.compile(r"[^\W\d_]{2,}")
_LOADING = threading.Lock()


def _identifier():
    with _LOADING:
        return _loaded_identifier()


@cache
def _loaded_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def warm_up() -> None:
    """Load the model now (creditrequests/wsgi.py: when an app server's worker starts)."""
    _identifier()


def looks_non_english(text: str) -> bool:
    """True when a free-text answer is very probably not English.

    Only the words in lower case are judged: capitalised words are mostly names of
    places, people and products ("Stockholm, Göteborg", "Azure AD B2C"), which are no
    language's and made the model call such lists Swedish or Finnish. Fewer than two
    such words: nothing to judge, no warning.
    """
    words = [word for word in _WORD.findall(text or "") if word.islower()]
    if len(words) < 2:
        return False
    probabilities = dict(_identifier().rank(" ".join(words)))
    return probabilities.get("en", 0.0) < ENGLISH_AT_LEAST
