import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creditrequests.customers.models import Customer
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_list_shows_only_the_organisations_own_customers(client, user):
    CustomerFactory(organisation=user.organisation, name="Ours AB")
    CustomerFactory(name="Theirs AB")
    page = client.get(reverse("customers:list")).content.decode()
    assert "Ours AB" in page
    assert "Theirs AB" not in page


def test_search_finds_a_customer_by_domain(client, user):
    CustomerFactory(organisation=user.organisation, name="Contoso", tenant_domains=["contoso.com"])
    CustomerFactory(organisation=user.organisation, name="Fabrikam", tenant_domains=["fab.se"])
    page = client.get(reverse("customers:list"), {"q": "contoso.com"}).content.decode()
    assert "Contoso" in page
    assert "Fabrikam" not in page


def test_another_organisations_customer_cannot_be_edited(client, user):
    theirs = CustomerFactory()
    assert client.get(reverse("customers:edit", args=[theirs.pk])).status_code == 404


def test_adding_a_customer_with_a_bad_tenant_id_keeps_what_was_typed(client, user):
    response = client.post(
        reverse("customers:add"),
        {"name": "Contoso Ltd", "tenant_id": "12345", "tenant_domains": "contoso.com"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Contoso Ltd" in page and "contoso.com" in page
    assert not Customer.objects.exists()


def test_archiving_a_customer_takes_it_off_the_current_list(client, user):
    customer = CustomerFactory(organisation=user.organisation, name="Old Customer")
    client.post(reverse("customers:archive", args=[customer.pk]))
    customer.refresh_from_db()
    assert customer.archived_at is not None
    client.get(reverse("customers:list"))  # shows (and uses up) the "archived" message
    assert "Old Customer" not in client.get(reverse("customers:list")).content.decode()


def test_an_import_with_a_bad_row_reports_the_line(client, user):
    data = (
        "Microsoft ID,Company name,Primary domain name\n"
        "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14,Contoso Ltd,contoso.com\n"
        "nope,Broken,broken.example\n"
    )
    response = client.post(
        reverse("customers:import"),
        {"file": SimpleUploadedFile("customers.csv", data.encode(), "text/csv")},
    )
    page = response.content.decode()
    assert "Line 3:" in page
    assert list(Customer.objects.values_list("name", flat=True)) == ["Contoso Ltd"]


def test_the_directory_needs_a_signed_in_user(client):
    response = client.get(reverse("customers:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
