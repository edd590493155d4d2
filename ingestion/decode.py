"""Bytes → text for CSV exports: `utf-8-sig` first, then `gb18030`.

Old Taobao/JD exports are GBK; GB18030 is its superset, so it decodes every GBK file and more.
`gb2312` is never tried: it is a subset and silently drops characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.errors import IngestError

ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str

    @property
    def is_utf8(self) -> bool:
        return self.encoding == "utf-8-sig"


def decode_text(data: bytes, name: str) -> Decoded:
    errors = []
    for encoding in ENCODINGS:
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            errors.append(f"{encoding}: byte {exc.start} ({data[exc.start : exc.start + 4]!r})")
    raise IngestError(
        f"{name}: the file is neither UTF-8 nor GB18030 text ({'; '.join(errors)}); "
        "expected a CSV export as downloaded from the platform"
    )
