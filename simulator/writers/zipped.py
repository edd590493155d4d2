"""Zip archives as 抖店 delivers them: one CSV whose Chinese member name is stored as GBK bytes
without the UTF-8 flag, so readers see cp437 mojibake unless they re-decode the name as GBK."""

from __future__ import annotations

import io
import zipfile


class _GbkZipInfo(zipfile.ZipInfo):
    """zipfile encodes non-ASCII names as UTF-8 and sets flag 0x800; the platform does neither."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_bytes(member_name: str, data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = _GbkZipInfo(member_name, date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        z.writestr(info, data)
    return buf.getvalue()
