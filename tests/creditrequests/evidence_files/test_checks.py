from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditrequests.evidence_files import checks
from creditrequests.evidence_files.models import FileKind
from tests import evidence_samples as samples


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (samples.eml(), FileKind.EML),
        (samples.outlook_msg(), FileKind.MSG),
        (samples.PDF, FileKind.PDF),
        (samples.PNG, FileKind.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", FileKind.JPEG),
    ],
)
def test_the_kind_is_read_from_the_content(data, kind):
    assert checks.kind_of(data) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows program renamed to .pdf
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",  # a zip archive (a zip bomb is one)
        b"<html><script>alert(1)</script></html>",
        b"\x7fELF\x02\x01\x01",
        b"just some text\nwith lines\n",
    ],
)
def test_anything_but_an_email_pdf_or_screenshot_is_refused(data):
    with pytest.raises(checks.FileRefused):
        checks.kind_of(data)


def test_an_eml_gives_its_sender_date_and_subject():
    facts = checks.read_email(FileKind.EML, samples.eml(sender="it@contoso.com"))
    assert facts.sender == "it@contoso.com"
    assert facts.subject == "SLA credit, please"
    assert facts.date.isoformat() == "2026-02-16T09:30:00+01:00"


def test_an_outlook_msg_gives_its_sender_date_and_subject():
    facts = checks.read_email(FileKind.MSG, samples.outlook_msg(sender="it@contoso.com"))
    assert facts.sender == "it@contoso.com"
    assert facts.subject == "SLA credit, please"
    assert facts.date == datetime(2026, 2, 16, 8, 30, tzinfo=UTC)


def test_a_short_compound_file_is_refused_and_never_taken_for_a_path():
    with pytest.raises(checks.FileRefused):
        checks.read_email(FileKind.MSG, checks.OLE + b"/etc/passwd")


def test_a_compound_file_that_is_not_an_email_is_refused():
    broken = samples.outlook_msg()[:1024]
    with pytest.raises(checks.FileRefused):
        checks.read_email(FileKind.MSG, broken)


def test_an_eml_with_a_garbled_date_keeps_sender_and_subject():
    facts = checks.read_email(FileKind.EML, samples.eml(date="the day after yesterday"))
    assert facts.date is None
    assert facts.sender == "it@contoso.com"


def test_a_file_over_ten_megabytes_is_refused_before_it_is_read():
    with pytest.raises(checks.FileRefused, match="10 MB"):
        checks.check_size(50 * 1024 * 1024)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ('evil"name<script>.pdf', "evilnamescript.pdf"),
        ("invoice.exe", "invoice.pdf"),
        ("", "file.pdf"),
    ],
)
def test_a_download_name_has_no_path_and_the_extension_of_its_content(name, expected):
    assert checks.download_name(name, FileKind.PDF) == expected


@settings(deadline=None)
@given(st.one_of(st.binary(max_size=2048), st.binary(max_size=2048).map(lambda b: checks.OLE + b)))
def test_any_bytes_are_either_a_known_kind_or_refused(data):
    try:
        kind = checks.kind_of(data)
    except checks.FileRefused:
        return
    assert kind in FileKind.values
    if kind in (FileKind.EML, FileKind.MSG):
        try:
            facts = checks.read_email(kind, data)
        except checks.FileRefused:
            return
        assert isinstance(facts.subject, str)


_SAMPLE_MSG = samples.outlook_msg()


@settings(deadline=None, max_examples=60)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_SAMPLE_MSG) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=20,
    )
)
def test_a_damaged_outlook_file_is_read_or_refused_never_crashes(damage):
    data = bytearray(_SAMPLE_MSG)
    for position, value in damage:
        data[position] = value
    try:
        facts = checks.read_email(FileKind.MSG, bytes(data))
    except checks.FileRefused:
        return
    assert isinstance(facts.sender, str)
