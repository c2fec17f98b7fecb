"""normalise_tenant_domains: repeats dropped through a set, order kept, the list capped."""

from hypothesis import given
from hypothesis import strategies as st

from rules import RULE_SETS
from rules.validators import MAX_TENANT_DOMAINS, normalise_tenant_domains

RULE_SET = RULE_SETS["2021-03-31"]


def test_repeats_are_dropped_and_the_first_spelling_keeps_its_place():
    domains, errors = normalise_tenant_domains(
        ["Contoso.com", "fabrikam.com", "contoso.com.", "CONTOSO.COM", "fabrikam.com"], RULE_SET
    )
    assert domains == ("contoso.com", "fabrikam.com")
    assert errors == ()


def test_up_to_the_limit_every_domain_is_kept():
    typed = [f"d{number}.contoso.com" for number in range(MAX_TENANT_DOMAINS)]
    domains, errors = normalise_tenant_domains(typed, RULE_SET)
    assert len(domains) == MAX_TENANT_DOMAINS
    assert errors == ()


def test_one_domain_over_the_limit_is_one_error():
    typed = [f"d{number}.contoso.com" for number in range(MAX_TENANT_DOMAINS + 1)]
    _, errors = normalise_tenant_domains(typed, RULE_SET)
    assert [(error.code, error.params["variant"]) for error in errors] == [
        ("invalid_domain", "too_many")
    ]


def test_a_huge_list_is_read_no_further_than_the_limit():
    read = 0

    def forty_thousand():
        nonlocal read
        for number in range(40_000):
            read += 1
            yield f"d{number}.contoso.com"

    normalise_tenant_domains(forty_thousand(), RULE_SET)
    assert read == MAX_TENANT_DOMAINS + 1


def test_blank_rows_do_not_count_towards_the_limit():
    typed = [""] * (MAX_TENANT_DOMAINS * 2) + ["contoso.com"]
    assert normalise_tenant_domains(typed, RULE_SET) == (("contoso.com",), ())


@given(st.lists(st.sampled_from(["contoso.com", "Contoso.com", "fabrikam.com", "x.org", ""])))
def test_the_result_has_no_repeats_and_follows_first_appearance(typed):
    domains, _ = normalise_tenant_domains(typed, RULE_SET)
    assert len(domains) == len(set(domains))
    firsts = []
    for value in typed:
        domain = value.lower()
        if domain and domain not in firsts:
            firsts.append(domain)
    assert list(domains) == firsts
