"""looks_non_english: a warning for answers in another language, not for names."""

import pytest

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
