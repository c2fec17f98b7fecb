import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from creditrequests.customers import picker
from creditrequests.customers.models import Customer
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def step_url(public_id, step):
    return reverse("wizard:step", kwargs={"public_id": public_id, "step": step})


def post(client, public_id, step, data):
    prefix = f"draft_{public_id.hex}"
    payload = {f"{prefix}-current_step": step}
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    return client.post(step_url(public_id, step), payload)


def start_outage(client, public_id):
    post(client, public_id, "requester", {"role": "admin_agent", "partner_type": "direct"})
    post(client, public_id, "credit-type", {"credit_type": "service_outage"})


def test_the_customer_step_offers_the_organisations_customers_in_a_datalist(client, user):
    CustomerFactory(organisation=user.organisation, name="Contoso Ltd")
    CustomerFactory(name="Someone Else's AB")
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    page = client.get(step_url(public_id, "customer")).content.decode()
    assert "<datalist" in page and "Contoso Ltd" in page
    assert "Someone Else" not in page


def test_picking_a_customer_fills_the_tenant_step(client, user):
    customer = CustomerFactory(
        organisation=user.organisation, name="Contoso Ltd", tenant_domains=["contoso.com"]
    )
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    post(client, public_id, "customer", {"directory_customer": "contoso"})
    page = client.get(step_url(public_id, "outage-tenant")).content.decode()
    assert f'value="{customer.tenant_id}"' in page
    assert ">\ncontoso.com</textarea>" in page


def test_the_outage_step_asks_nothing_the_picker_fills(client, user):
    customer = CustomerFactory(organisation=user.organisation, name="Contoso Ltd")
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    post(client, public_id, "customer", {"directory_customer": "contoso"})
    page = client.get(step_url(public_id, "outage-incident")).content.decode()
    assert customer.tenant_id not in page


def test_a_new_pick_replaces_the_tenant_already_on_the_tenant_step(client, user):
    contoso = CustomerFactory(
        organisation=user.organisation, name="Contoso Ltd", tenant_domains=["c.com"]
    )
    fabrikam = CustomerFactory(
        organisation=user.organisation, name="Fabrikam AB", tenant_domains=["fabrikam.se"]
    )
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    post(client, public_id, "customer", {"directory_customer": "Contoso Ltd (c.com)"})
    post(
        client,
        public_id,
        "outage-incident",
        {"service_family": "microsoft_365", "outage_id": "EX25194", "incident_date": "2026-11-02"},
    )
    post(
        client,
        public_id,
        "outage-tenant",
        {"tenant_id": contoso.tenant_id, "tenant_domains": "c.com", "bought_through_csp": "yes"},
    )
    response = post(
        client, public_id, "customer", {"directory_customer": "Fabrikam AB (fabrikam.se)"}
    )
    told = client.get(response["Location"]).content.decode()
    page = client.get(step_url(public_id, "outage-tenant")).content.decode()
    assert f'value="{fabrikam.tenant_id}"' in page
    assert ">\nfabrikam.se</textarea>" in page
    assert "Fabrikam AB from your customer directory replaced these answers: " in told
    assert "Customer tenant ID, Tenant domains." in told
    assert "New tenant ID" not in told  # a duplicate order's question: not this request's


def test_a_typed_name_matching_nobody_is_explained_next_to_the_picker(client, user):
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    response = post(client, public_id, "customer", {"directory_customer": "Nobody Inc"})
    page = response.content.decode()
    assert "No customer in your directory matches" in page
    assert "Nobody Inc" in page


def test_a_name_matching_several_customers_asks_for_more(client, user):
    CustomerFactory(organisation=user.organisation, name="Contoso Nord")
    CustomerFactory(organisation=user.organisation, name="Contoso Syd")
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    response = post(client, public_id, "customer", {"directory_customer": "Contoso"})
    assert "matches several customers" in response.content.decode()


def test_a_customer_outside_the_directory_is_still_typed_by_hand(client, user):
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    response = post(client, public_id, "customer", {"customer_name": "Walk-in Ltd"})
    assert response.status_code == 302


def test_a_corrected_tenant_domain_survives_posting_the_same_pick_again(client, user):
    customer = CustomerFactory(
        organisation=user.organisation, name="Contoso Ltd", tenant_domains=["contoso.com"]
    )
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    picked = "Contoso Ltd (contoso.com)"
    post(client, public_id, "customer", {"directory_customer": picked})
    post(
        client,
        public_id,
        "outage-tenant",
        {
            "tenant_id": customer.tenant_id,
            "tenant_domains": "contoso.se",
            "bought_through_csp": "yes",
        },
    )
    post(client, public_id, "customer", {"directory_customer": picked})
    page = client.get(step_url(public_id, "outage-tenant")).content.decode()
    assert "contoso.se" in page


def customer_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    return page, [q["sql"] for q in captured if '"creditrequests_customer"' in q["sql"]]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose on-commit work runs at its end, as its transaction's commit would
    (the test's own transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_directory_is_listed_once_until_it_changes(client, user, committed):
    with committed():
        CustomerFactory(organisation=user.organisation, name="Northwind Traders")
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    url = step_url(public_id, "customer")
    first, first_queries = customer_queries(client, url)
    again, again_queries = customer_queries(client, url)
    assert len(first_queries) == 1 and again_queries == []
    assert "Northwind Traders" in again

    with committed():
        added = CustomerFactory(organisation=user.organisation, name="Fabrikam AB")
    page, queries = customer_queries(client, url)
    assert len(queries) == 1 and "Fabrikam AB" in page

    with committed():
        added.archived_at = timezone.now()
        added.save()
    assert "Fabrikam AB" not in client.get(url).content.decode()
    with committed():
        added.delete()
        Customer.objects.filter(name="Northwind Traders").get().delete()
    assert "Northwind Traders" not in client.get(url).content.decode()


def test_another_organisations_change_does_not_list_the_directory_again(client, user, committed):
    public_id = uuid.uuid4()
    start_outage(client, public_id)
    url = step_url(public_id, "customer")
    client.get(url)
    with committed():
        CustomerFactory(name="Someone Else's AB")
    page, queries = customer_queries(client, url)
    assert queries == [] and "Someone Else" not in page


def test_a_list_read_before_a_change_commits_is_not_offered_after_it(user, committed):
    organisation_id = user.organisation_id
    with committed():
        CustomerFactory(organisation=user.organisation, name="Northwind Traders")
    with committed():
        CustomerFactory(organisation=user.organisation, name="Fabrikam AB")
        # Another app server lists the directory now, before the change is committed
        # (here it already sees the new row; what matters is the version it keeps).
        read_meanwhile = picker.offered_entries(organisation_id)
    assert "Fabrikam AB" in " ".join(read_meanwhile)
    version_key, offered_key = picker._directory_keys(organisation_id)
    assert cache.get(offered_key)[0] != cache.get(version_key)  # read again next time
    with CaptureQueriesContext(connection) as captured:
        picker.offered_entries(organisation_id)
    assert any('"creditrequests_customer"' in q["sql"] for q in captured)


def test_many_changes_in_one_transaction_renew_the_list_once(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        CustomerFactory.create_batch(3, organisation=user.organisation)
        CustomerFactory(name="Someone Else's AB")
    assert sorted(callback.organisation_id for callback in callbacks) == sorted(
        [user.organisation_id, Customer.objects.get(name="Someone Else's AB").organisation_id]
    )


def test_a_failing_cache_fails_neither_the_customer_step_nor_a_directory_change(
    client, user, monkeypatch, caplog, committed
):
    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for method in ("get_many", "get", "add", "set"):
        monkeypatch.setattr(cache, method, broken)
    with committed():
        added = CustomerFactory(organisation=user.organisation, name="Northwind Traders")
    assert "its list may be an hour old" in caplog.text
    public_id = uuid.uuid4()
    start_outage(client, public_id)

    page = client.get(step_url(public_id, "customer")).content.decode()

    assert Customer.objects.filter(pk=added.pk).exists()
    assert "Northwind Traders" in page
    assert "reading the directory" in caplog.text


def test_a_customer_moved_to_another_organisation_leaves_the_old_directory_list(user, committed):
    # The admin's change form lets the site administrator change a customer's organisation.
    with committed():
        moved = CustomerFactory(organisation=user.organisation, name="Moved Away AB")
    assert "Moved Away AB" in " ".join(picker.offered_entries(user.organisation_id))

    with committed():
        moved.organisation = UserFactory().organisation
        moved.save()

    assert "Moved Away AB" not in " ".join(picker.offered_entries(user.organisation_id))
    assert "Moved Away AB" in " ".join(picker.offered_entries(moved.organisation_id))
