"""Path converters: a URL part that cannot be a valid value never reaches a view (a 404 from
the resolver instead of a lookup with whatever was typed).

Registered once, when this module is first imported: every urls.py that uses one of them
imports it (``from kundcenter import converters  # noqa: F401``)."""

from __future__ import annotations

import re

from django.urls import register_converter
from django.urls.converters import StringConverter


class CaseNumberConverter(StringConverter):
    """A case number as cases.services hands them out: year, dash, six digits (2026-000123)."""

    # [0-9], not \d: in a str pattern \d also matches other scripts' digits (٢٠٢٦).
    regex = r"[0-9]{4}-[0-9]{6}"
    _full = re.compile(regex)

    def to_url(self, value: object) -> str:
        text = str(value)
        if not self._full.fullmatch(text):
            # Django treats a ValueError here as "this pattern does not match" (NoReverseMatch).
            raise ValueError(f"not a case number: {text!r}")
        return text


class PkConverter:
    """A primary key: ``int`` without the values no database column holds (at most 18
    digits, so below 2**63). A longer one is a 404, never an overflow in the lookup."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: object) -> str:
        text = str(value)
        if not re.fullmatch(self.regex, text):
            raise ValueError(f"not a primary key: {text!r}")
        return text


class Uidb64Converter(StringConverter):
    """The user id in a password-reset link: URL-safe base64 (django.utils.http)."""

    regex = r"[0-9A-Za-z_\-]{1,64}"


class ResetTokenConverter(StringConverter):
    """A password-reset token (timestamp-hash in base 36/hex), or Django's "set-password"."""

    regex = r"[0-9A-Za-z]{1,13}-[0-9A-Za-z]{1,40}"


class ChoiceKeyConverter(StringConverter):
    """The stored key of a fixed choice (a staff queue such as ``at_risk``): lowercase letters
    and underscores. The view still refuses a well-formed key it does not know with a 404."""

    regex = r"[a-z][a-z_]{0,31}"


register_converter(CaseNumberConverter, "case_number")
register_converter(PkConverter, "pk")
register_converter(Uidb64Converter, "uidb64")
register_converter(ResetTokenConverter, "reset_token")
register_converter(ChoiceKeyConverter, "choice_key")
