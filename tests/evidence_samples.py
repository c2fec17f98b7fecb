"""Sample evidence files made in code: emails (.eml and Outlook .msg), a PDF, a PNG.

There is no library that writes Outlook .msg files, so `outlook_msg` builds the smallest
compound file (MS-CFB, version 3) that Outlook's format needs: the message class, subject,
sender and transport headers as property streams, all kept in the mini stream.
"""

import struct

FREE, END, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
SECTOR, MINI = 512, 64


def eml(
    sender="it@contoso.com", subject="SLA credit, please", date="Mon, 16 Feb 2026 09:30:00 +0100"
):
    return (
        f"From: Contoso IT <{sender}>\r\n"
        f"To: billing@partner.example\r\n"
        f"Subject: {subject}\r\n"
        f"Date: {date}\r\n"
        "Message-ID: <sample@contoso.com>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Exchange Online was down for our 120 users on 15 February. Please ask Microsoft for "
        "an SLA credit.\r\n"
    ).encode()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def outlook_msg(sender="it@contoso.com", subject="SLA credit, please", name="Contoso IT"):
    headers = (
        f"From: {name} <{sender}>\r\nTo: billing@partner.example\r\nSubject: {subject}\r\n"
        "Date: Mon, 16 Feb 2026 09:30:00 +0100\r\n\r\n"
    )
    streams = {
        "__substg1.0_001A001F": _utf16("IPM.Note"),
        "__substg1.0_0037001F": _utf16(subject),
        "__substg1.0_0C1A001F": _utf16(name),
        "__substg1.0_0C1F001F": _utf16(sender),
        "__substg1.0_0065001F": _utf16(sender),
        "__substg1.0_007D001F": _utf16(headers),
        "__substg1.0_1000001F": _utf16("Exchange Online was down. Please ask for an SLA credit."),
        # The top-level property stream: a 32-byte header, then the sent time (a FILETIME).
        "__properties_version1.0": b"\x00" * 32
        + struct.pack("<IIQ", 0x00390040, 6, _filetime(2026, 2, 16, 8, 30)),
    }
    return compound_file(streams)


def _filetime(*moment) -> int:
    from datetime import UTC, datetime

    epoch = datetime(1601, 1, 1, tzinfo=UTC)
    return int((datetime(*moment, tzinfo=UTC) - epoch).total_seconds() * 10_000_000)


def _sort_key(name: str):
    return (len(name), name.upper())


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file whose root storage holds these streams (each under 4096 bytes)."""
    names = sorted(streams, key=_sort_key)
    # The mini stream: each stream padded to 64-byte mini sectors, chained in the mini FAT.
    mini_stream, mini_fat, starts = b"", [], {}
    for name in names:
        data = streams[name]
        count = max(1, -(-len(data) // MINI))
        first = len(mini_fat)
        starts[name] = first
        mini_fat += [first + i + 1 for i in range(count - 1)] + [END]
        mini_stream += data.ljust(count * MINI, b"\x00")
    entries = len(names) + 1
    dir_sectors = -(-entries * 128 // SECTOR)
    minifat_sectors = -(-len(mini_fat) * 4 // SECTOR)
    ministream_sectors = -(-len(mini_stream) // SECTOR)
    first_dir = 1
    first_minifat = first_dir + dir_sectors
    first_ministream = first_minifat + minifat_sectors
    total = first_ministream + ministream_sectors
    assert total <= SECTOR // 4, "sample too large for one FAT sector"

    fat = [FAT_SECTOR]
    for start, count in (
        (first_dir, dir_sectors),
        (first_minifat, minifat_sectors),
        (first_ministream, ministream_sectors),
    ):
        fat += [start + i + 1 for i in range(count - 1)] + [END]
    fat += [FREE] * (SECTOR // 4 - len(fat))

    def entry(name, kind, child, right, start, size):
        encoded = _utf16(name) + b"\x00\x00"
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NO_STREAM, right, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    # Siblings as a chain of right children, in the order the format sorts names.
    directory = entry("Root Entry", 5, 1, NO_STREAM, first_ministream, len(mini_stream))
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else NO_STREAM
        directory += entry(name, 2, NO_STREAM, right, starts[name], len(streams[name]))
    directory = directory.ljust(dir_sectors * SECTOR, b"\x00")

    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIII", 0, 1, first_dir, 0, 4096)
        + struct.pack("<IIII", first_minifat, minifat_sectors, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([FREE] * 108))
    )
    assert len(header) == SECTOR
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_bytes += struct.pack("<I", FREE) * (
        (minifat_sectors * SECTOR - len(mini_fat_bytes)) // 4
    )
    return (
        header
        + struct.pack(f"<{SECTOR // 4}I", *fat)
        + directory
        + mini_fat_bytes
        + mini_stream.ljust(ministream_sectors * SECTOR, b"\x00")
    )
