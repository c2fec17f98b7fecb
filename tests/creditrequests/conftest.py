import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _no_language_leaks_between_tests():
    """A request in Swedish leaves Swedish active in the thread (LocaleMiddleware never resets
    it): put the default back so the next test does not depend on which ran before it."""
    yield
    translation.deactivate()
