import pytest

from tests.factories import TEST_PASSWORD, OrganisationFactory, ReviewerFactory, UserFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def drafter(organisation):
    return UserFactory(organisation=organisation)


@pytest.fixture
def reviewer(organisation):
    return ReviewerFactory(organisation=organisation)


@pytest.fixture
def drafter_client(client, drafter):
    client.login(username=drafter.username, password=TEST_PASSWORD)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.login(username=reviewer.username, password=TEST_PASSWORD)
    return client
