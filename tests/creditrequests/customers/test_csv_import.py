import pytest

from creditrequests.customers.csv_import import CsvRefused, import_customers
from creditrequests.customers.models import Customer
from tests.factories import CustomerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = "Microsoft ID,Company name,Primary domain name,Relationship,Tags\n"
CONTOSO = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14,Contoso Ltd,contoso.com,Cloud Reseller,\n"
FABRIKAM = "7c0f1d9e-2b1a-4c3d-8e5f-6a7b8c9d0e1f,Fabrikam AB,fabrikam.se,Cloud Reseller,Nordics\n"


def test_partner_center_export_columns_become_customers():
    organisation = OrganisationFactory()
    report = import_customers(organisation, (HEADER + CONTOSO + FABRIKAM).encode())
    assert (report.created, report.updated, report.problems) == (2, 0, [])
    contoso = Customer.objects.get(organisation=organisation, name="Contoso Ltd")
    assert contoso.tenant_id == "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"
    assert contoso.tenant_domains == ["contoso.com"]


def test_a_bad_row_is_reported_with_its_line_number_and_left_out():
    organisation = OrganisationFactory()
    bad = "not-a-guid,Broken Inc,broken.example,Cloud Reseller,\n"
    report = import_customers(organisation, (HEADER + CONTOSO + bad + FABRIKAM).encode())
    assert [line for line, _problem in report.problems] == [3]
    assert "not-a-guid" in report.problems[0][1]
    assert sorted(Customer.objects.values_list("name", flat=True)) == ["Contoso Ltd", "Fabrikam AB"]


def test_extra_columns_and_a_semicolon_separator_are_accepted():
    organisation = OrganisationFactory()
    data = (
        "Tags;Microsoft ID;Company name;Primary domain name;Domains;Notes;Account manager\n"
        "x;2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14;Contoso Ltd;contoso.com;"
        "contoso.onmicrosoft.com;Big customer;Eva\n"
    )
    import_customers(organisation, data.encode())
    contoso = Customer.objects.get()
    assert contoso.tenant_domains == ["contoso.com", "contoso.onmicrosoft.com"]
    assert contoso.notes == "Big customer"


def test_importing_the_same_file_twice_updates_instead_of_repeating():
    organisation = OrganisationFactory()
    import_customers(organisation, (HEADER + CONTOSO).encode())
    report = import_customers(organisation, (HEADER + CONTOSO).encode())
    assert (report.created, report.updated) == (0, 1)
    assert Customer.objects.count() == 1


def test_a_tenant_repeated_in_the_file_is_reported_on_its_second_line():
    report = import_customers(OrganisationFactory(), (HEADER + CONTOSO + CONTOSO).encode())
    assert report.problems[0][0] == 3


def test_a_personal_mail_domain_is_not_a_tenant_domain():
    row = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14,Contoso Ltd,gmail.com,,\n"
    report = import_customers(OrganisationFactory(), (HEADER + row).encode())
    assert report.problems and "gmail.com" in report.problems[0][1]


def test_a_file_without_the_partner_center_columns_is_refused_whole():
    with pytest.raises(CsvRefused, match="Microsoft ID"):
        import_customers(OrganisationFactory(), b"name,email\nAnna,anna@example.com\n")


@pytest.mark.parametrize("data", [b"\xff\xfe\x00b\x00a\x00d", b"MZ\x90\x00\x03\x00\x00\x00"])
def test_a_binary_file_is_refused_with_a_reason(data):
    with pytest.raises(CsvRefused):
        import_customers(OrganisationFactory(), data)


def test_another_organisations_customer_with_the_same_tenant_is_left_alone():
    other = CustomerFactory(tenant_id="2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14", name="Theirs")
    import_customers(OrganisationFactory(), (HEADER + CONTOSO).encode())
    other.refresh_from_db()
    assert other.name == "Theirs"
    assert Customer.objects.count() == 2
