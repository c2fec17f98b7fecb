import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _no_language_leaks_between_tests():
    """A request in Swedish leaves Swedish active in the thread (LocaleMiddleware never resets
    it): put the default back so the next test does not depend on which ran before it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_client_sign_ins_include_the_second_factor(monkeypatch):
    """client.login() and force_login() stand for a whole sign-in, second factor included.

    Tests of the second step itself sign in through the sign-in page instead.
    """
    from django.test.client import ClientMixin

    from creditrequests.two_factor import PENDING

    original = ClientMixin._login

    def sign_in_with_both_factors(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        if session.pop(PENDING, None):
            session.save()

    monkeypatch.setattr(ClientMixin, "_login", sign_in_with_both_factors)
