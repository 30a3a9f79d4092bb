"""Addresses of pages listed many times on one page (case links, attachment downloads).

``reverse()`` matches the URL pattern and quotes its arguments on every call, some 50 µs; a
page listing thirty cases paid that thirty times. The address is reversed once per URLconf
and script prefix with a stand-in for the one argument that varies, and each link fills in
its own value.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=64)
def _parts(name: str, argument: str, stand_in: str, prefix: str,
           urlconf: str | None) -> tuple[str, str]:
    before, _stand_in, after = reverse(name, kwargs={argument: stand_in},
                                       urlconf=urlconf).partition(stand_in)
    return before, after


def address_parts(name: str, *, argument: str, stand_in: str) -> tuple[str, str]:
    """What comes before and after ``argument`` in the address of ``name``. ``stand_in``
    must be a valid value of the argument that appears nowhere else in the address, and the
    values filled in must need no quoting (numbers, ids)."""
    return _parts(name, argument, stand_in, get_script_prefix(), get_urlconf())
