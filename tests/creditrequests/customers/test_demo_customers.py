import pytest
from django.core.management import call_command

from creditrequests.customers.models import Customer

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_contoso_a_customer_directory_once():
    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo", "--quiet-logins")
    names = set(Customer.objects.values_list("organisation__name", flat=True))
    assert names == {"Contoso Cloud AB"}
    assert Customer.objects.count() == 5
