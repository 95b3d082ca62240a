"""Bytes to text: encoding, binary and size checks, and telling HTML from plain text."""

from __future__ import annotations

import codecs
import re

from sitrep.errors import InputError

# A detected encoding is trusted only when charset_normalizer finds the result this clean
# (its "chaos" is the share of odd characters, 0.0 to 1.0).
_MAX_CHAOS = 0.05
_SNIFF = 4096
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"</(?:p|div|article|span|a|li|h[1-6])\s*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Windows-1252's readings of UTF-8: a lead byte (0xC2-0xF4) then its continuation bytes
# (0x80-0xBF). The five bytes 1252 leaves undefined are read through as U+0081 and the like.
_CONTINUATION = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ\xa0-¿"
_MOJIBAKE = re.compile(
    f"[Â-ß][{_CONTINUATION}]|[à-ï][{_CONTINUATION}]{{2}}|[ð-ô][{_CONTINUATION}]{{3}}")
_MOJIBAKE_START = re.compile(f"[Â-ô][{_CONTINUATION}]")
"""What every run of mojibake begins with: a lead byte's reading, then a continuation's."""
_UNDEFINED_1252 = frozenset("\x81\x8d\x8f\x90\x9d")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def check_size(size: int, limit: int, origin: str) -> None:
    """Refuse an input above the byte limit, saying which setting raises it."""
    if size > limit:
        raise InputError(
            origin,
            f"too large ({_megabytes(size)}; the limit is {_megabytes(limit)}, "
            "set SITREP_MAX_INPUT_BYTES to raise it)",
        )


def decode(data: bytes, origin: str, declared: str | None = None) -> str:
    """The text of an input, or InputError if it is empty, binary or of unknown encoding."""
    if not data.strip():
        raise InputError(origin, "empty input, nothing to extract")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, origin)
    if b"\x00" in data[:_SNIFF]:
        raise InputError(origin, "binary file (NUL bytes), not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    charset = declared or _meta_charset(data)
    if charset and charset.lower().replace("_", "-") not in {"utf-8", "utf8"}:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes  # only for the rare input that is not UTF-8

    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding and best.percent_chaos <= _MAX_CHAOS * 100:
        try:
            return data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    raise InputError(
        origin,
        f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
        "and no other encoding fits with confidence; convert it to UTF-8",
    )


def repair_mojibake(text: str) -> str:
    """The text with UTF-8 that was once misread as Windows-1252 put right ("donâ€™t" is
    "don’t", "Ã©" is "é"): each run that spells a whole UTF-8 character in Windows-1252 is
    read back as UTF-8. Such runs are never English prose, so nothing else changes."""
    first = _MOJIBAKE_START.search(text)
    if first is None:
        return text
    # No run can begin before the first lead-and-continuation pair: the text up to it stays.
    return text[: first.start()] + _MOJIBAKE.sub(_unmangle, text[first.start():])


def _unmangle(match: re.Match[str]) -> str:
    run = match.group()
    try:
        # The bytes 1252 leaves undefined came through as the code points of the same number.
        raw = b"".join(bytes([ord(c)]) if c in _UNDEFINED_1252 else c.encode("cp1252")
                       for c in run)
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run


def looks_like_html(text: str) -> bool:
    """Whether the text is an HTML page or fragment rather than plain text."""
    head = text[:_SNIFF]
    return bool(_HTML_START.search(head)) or len(_HTML_TAGS.findall(head)) >= 2


def _strict(data: bytes, encoding: str, origin: str) -> str:
    """Text of a byte-order-marked input, which must decode as marked."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(origin, f"invalid {encoding} text at byte {err.start}") from err
    if not text.strip():
        raise InputError(origin, "empty input, nothing to extract")
    return text


def _meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag, if any."""
    match = _META_CHARSET.search(data[:_SNIFF])
    return match.group(1).decode("ascii") if match else None


def _megabytes(size: int) -> str:
    """A byte count for people."""
    return f"{size / 1_000_000:.1f} MB"
