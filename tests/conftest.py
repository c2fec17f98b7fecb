import pytest

# The factories import Django models, so they are imported inside the fixtures:
# `pytest tests/rules -p no:django` must run without Django configured.


@pytest.fixture
def organisation(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory()


@pytest.fixture
def drafter(organisation):
    from tests.factories import UserFactory

    return UserFactory(organisation=organisation)


@pytest.fixture
def reviewer(organisation):
    from tests.factories import ReviewerFactory

    return ReviewerFactory(organisation=organisation)


@pytest.fixture
def drafter_client(client, drafter):
    from tests.factories import TEST_PASSWORD

    client.login(username=drafter.username, password=TEST_PASSWORD)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    from tests.factories import TEST_PASSWORD

    client.login(username=reviewer.username, password=TEST_PASSWORD)
    return client
