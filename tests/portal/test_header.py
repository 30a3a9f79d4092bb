"""The layout's header is rendered once per kind of reader, language and current link, and
each page fills in its own CSRF token, address and reader's name: every page must still read
as if its header had been rendered for it alone."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.templatetags.portal_nav import HEADER_TEMPLATE, header_context, portal_header
from tests.factories import UserFactory, make_superuser

pytestmark = pytest.mark.django_db


def _context(rf, user, path: str, token: str = "tok3n") -> Context:
    request = rf.get(path)
    request.user = user
    return Context({"request": request, "user": user, "csrf_token": token,
                    "support_eligibility": {"may_register_cases": True}})


def _fresh(context: Context) -> str:
    shown, values = header_context(context)
    return render_to_string(HEADER_TEMPLATE, {**shown, **values})


def _current(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"[^>]*aria-current="page"', html)


@pytest.fixture
def readers():
    manager = UserFactory(is_staff=True, is_superuser=True, first_name="Mia", last_name="Chef")
    return {"anonymous": AnonymousUser(),
            "superuser": make_superuser(first_name='Åsa <b>"Ek"</b>', last_name=""),
            "staff": UserFactory(is_staff=True), "manager": manager}


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_every_page_gets_the_header_a_fresh_rendering_would_give(rf, readers, language):
    paths = ["/", reverse("contact"), reverse("accounts:profile"), reverse("cases:case_list"),
             reverse("cases:case_list") + "?q=a%22b&page=2", reverse("reports:sla"),
             reverse("knowledgebase:home")]
    with translation.override(language):
        for name, user in readers.items():
            for number, path in enumerate(paths):
                context = _context(rf, user, path, token=f"token{number}{name}")
                assert portal_header(context) == _fresh(context), (name, path)


def test_each_page_shows_its_own_reader_token_and_address(rf, readers):
    with translation.override("en"):
        first = portal_header(_context(rf, readers["superuser"], "/cases/?q=x", token="first"))
        other = make_superuser(first_name="Bo", last_name="Berg")
        second = portal_header(_context(rf, other, "/cases/?q=y", token="second"))
    assert "Åsa &lt;b&gt;&quot;Ek&quot;&lt;/b&gt;" in first and "<b>" not in first
    assert "Bo Berg" in second and "Åsa" not in second
    assert second.count('name="csrfmiddlewaretoken" value="second"') == 2  # language, log out
    assert "first" not in second
    assert 'name="next" value="/cases/?q=y"' in second
    assert "standin" not in first + second


def test_the_link_of_the_page_shown_is_marked(rf, readers):
    with translation.override("en"):
        def marked(user, path):
            return _current(portal_header(_context(rf, user, path)))

        assert marked(readers["superuser"], "/") == ["/"]
        assert marked(readers["superuser"], reverse("contact")) == [reverse("contact")]
        assert marked(readers["superuser"], reverse("accounts:profile")) == [
            reverse("accounts:profile")]
        assert marked(readers["superuser"], reverse("cases:case_list")) == [
            reverse("cases:case_list")]
        assert marked(readers["manager"], reverse("reports:sla")) == [reverse("reports:sla")]
        assert marked(readers["superuser"], reverse("reports:sla")) == []  # no Reports link


def test_who_is_reading_decides_the_links(rf, readers):
    with translation.override("en"):
        html = {name: portal_header(_context(rf, user, "/")) for name, user in readers.items()}
    assert reverse("accounts:login") in html["anonymous"]
    assert reverse("accounts:logout") not in html["anonymous"]
    assert reverse("cases:case_list") in html["superuser"]
    assert reverse("admin:index") in html["staff"] and reverse("admin:index") not in html["superuser"]
    assert reverse("reports:sla") in html["manager"] and reverse("reports:sla") not in html["staff"]
