"""Release news: visibility by licence and module, language fallback, the unread badge."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from academy.selectors import release_list_for_user, unread_release_count
from tests.factories import LicenceFactory, UserFactory, make_superuser
from tests.factories.academy import ReleaseFactory, ReleaseSectionFactory, published_release

pytestmark = pytest.mark.django_db


def _fresh(user):
    user.refresh_from_db()
    return user


def test_only_releases_and_sections_of_licensed_modules_are_shown(client, world):
    mine = published_release(world.own, body="Egen modul", version="2026.10")
    ReleaseSectionFactory(release=mine, module=world.unlicensed, body="Lönehemlighet")
    foreign = published_release(world.unlicensed, body="Bara lön", version="2026.11")
    draft = published_release(world.own, body="Utkast", version="2026.12", published_at=None)
    client.force_login(world.reader)

    page = client.get(reverse("academy:home")).content.decode()
    assert "Egen modul" in page
    assert "Lönehemlighet" not in page and "Bara lön" not in page and "Utkast" not in page
    for hidden in (foreign, draft):
        assert client.get(reverse("academy:release_detail", args=[hidden.pk])).status_code == 404
    detail = client.get(reverse("academy:release_detail", args=[mine.pk])).content.decode()
    assert "Egen modul" in detail and "Lönehemlighet" not in detail


def test_an_inactive_licence_hides_its_modules(client, world):
    licence = world.reader.seats.get().licence
    published_release(world.own, body="Egen modul")
    licence.is_active = False
    licence.save()
    assert release_list_for_user(user=_fresh(world.reader), language="sv") == []


def test_a_person_without_a_seat_gets_no_academy(client, world):
    colleague = UserFactory(customer=world.reader.customer)
    client.force_login(colleague)
    response = client.get(reverse("academy:home"))
    assert response.status_code == 403
    assert 'id="main-nav"' in response.content.decode()
    assert reverse("academy:home") not in client.get("/").content.decode()


def test_sections_fall_back_to_english_then_swedish(world):
    both = published_release(world.own, languages=("sv", "en"), body="Text", version="2026.20")
    swedish_only = published_release(world.own, languages=("sv",), body="Text",
                                     version="2026.21")
    finnish = published_release(world.own, languages=("sv", "en", "fi"), body="Text",
                                version="2026.22")
    notes = {n.release.pk: n for n in release_list_for_user(user=world.reader, language="fi")}
    assert [s.language for s in notes[both.pk].sections] == ["en"]
    assert [s.language for s in notes[swedish_only.pk].sections] == ["sv"]
    assert [s.language for s in notes[finnish.pk].sections] == ["fi"]


def test_newest_first(world):
    older = published_release(world.own, version="2026.01")
    newer = published_release(world.own, version="2026.03")
    older.published_at = newer.published_at.replace(year=2025)
    older.save()
    notes = release_list_for_user(user=world.reader, language="sv")
    assert [n.release for n in notes] == [newer, older]


def _badge(html: str) -> str | None:
    found = re.search(r'class="badge[^"]*nav-badge" data-unread="(\d+)"', html)
    return found.group(1) if found else None


def test_the_unread_badge_goes_down_after_reading(client, world):
    first = published_release(world.own, version="2026.30")
    published_release(world.own, version="2026.31")
    published_release(world.unlicensed, version="2026.32")  # not for this customer
    client.force_login(world.reader)

    home = client.get("/").content.decode()
    assert _badge(home) == "2"
    assert "2 unread release notes" in home or "2 olästa" in home or 'data-unread="2"' in home
    assert 'id="release-news"' in home

    client.get(reverse("academy:release_detail", args=[first.pk]))
    assert _badge(client.get("/").content.decode()) == "1"
    client.get(reverse("academy:home"))
    assert _badge(client.get("/").content.decode()) is None
    assert unread_release_count(user=_fresh(world.reader)) == 0


def test_the_badge_has_text_for_screen_readers(client, world):
    published_release(world.own)
    world.reader.language = "en"
    world.reader.save()
    client.force_login(world.reader)
    html = client.get(reverse("superusers:company")).content.decode()
    assert ('<span aria-hidden="true">1</span>'
            '<span class="visually-hidden">1 unread release note</span>') in html


def test_read_state_is_per_person(client, world):
    release = published_release(world.own)
    colleague = make_superuser(licence=world.reader.seats.get().licence)
    client.force_login(world.reader)
    client.get(reverse("academy:release_detail", args=[release.pk]))
    assert unread_release_count(user=_fresh(colleague)) == 1


def test_markdown_is_sanitised_like_the_faq(client, world):
    published_release(world.own, body="<script>alert(1)</script>**fet** [x](javascript:alert(2))")
    client.force_login(world.reader)
    html = client.get(reverse("academy:home")).content.decode()
    assert "<strong>fet</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html


def test_unpublished_release_needs_no_sections_to_exist(world):
    ReleaseFactory(published_at=None)
    assert release_list_for_user(user=world.reader, language="sv") == []


def test_other_customer_sees_only_its_own(world):
    published_release(world.own, version="2026.40")
    theirs = published_release(world.unlicensed, version="2026.41")
    assert [n.release for n in release_list_for_user(user=world.other, language="fi")] == [theirs]
    LicenceFactory()  # an unrelated licence changes nothing
    assert unread_release_count(user=_fresh(world.other)) == 1
