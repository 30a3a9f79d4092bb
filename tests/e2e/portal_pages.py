"""Every page of the portal a customer can reach, with the demo data behind it: the pages
the accessibility and phone-width passes walk in each language.

The demo data (``loaddemo``) is what a newcomer sees first, with every category, most
states, estimates, support logins and a customer with overdue payments; each language runs
as the demo SuperUser who speaks it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page

from accounts.models import User
from cases.models import Case, CostEstimate
from cases.selectors import case_reopen_window
from cases.workflows import OPEN_STATES, State
from customers.demo import DEMO_PASSWORD
from knowledgebase.models import Article
from tests.factories import UserFactory, support_calendars_seed

# The demo SuperUser of each language; an overdue customer's SuperUser (Swedish).
DEMO_SUPERUSER = {"sv": "anna.lind@elektronord.example", "fi": "mikko.virtanen@kuljetus.example",
                  "en": "oliver.grant@kauppa.example"}
OVERDUE_SUPERUSER = "johan.dahl@byggplat.example"
TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class PortalPage:
    name: str
    path: str
    # Who looks at it: "superuser", "anonymous", "overdue" or "no_seat".
    viewer: str = "superuser"


def demo_data_load() -> None:
    support_calendars_seed()
    call_command("loaddemo", stdout=open("/dev/null", "w"))


def _case_pages(user: User) -> list[PortalPage]:
    cases = Case.objects.filter(customer=user.customer_id).order_by("category", "state")
    pages = [PortalPage(f"case {case.category}/{case.state}", case.get_absolute_url())
             for case in cases]
    open_question = cases.filter(state__in=OPEN_STATES).first()
    if open_question is not None:
        pages.append(PortalPage("close confirmation",
                                reverse("cases:case_close_confirm", args=[open_question.number])))
        pages.append(PortalPage("support login grant",
                                reverse("support_logins:grant_create",
                                        args=[open_question.number])))
    pending = (CostEstimate.objects.filter(case__customer=user.customer_id,
                                           case__state=State.COST_ESTIMATE,
                                           accepted_at__isnull=True).select_related("case")
               .first())
    if pending is not None:
        pages.append(PortalPage("estimate acceptance",
                                reverse("cases:estimate_accept", args=[pending.case.number])))
    long_resolved = (cases.filter(resolved_at__lt=timezone.now() - case_reopen_window())
                     .first())
    if long_resolved is not None:
        pages.append(PortalPage("follow-up case",
                                reverse("cases:case_follow_up", args=[long_resolved.number])))
    return pages


def _training_pages(user: User) -> list[PortalPage]:
    from trainings.models import TrainingBooking, TrainingSession

    pages = [PortalPage("training sessions", reverse("trainings:session_list")),
             PortalPage("my training bookings", reverse("trainings:booking_list"))]
    session = TrainingSession.objects.filter(starts_at__gt=timezone.now()).first()
    if session is not None:
        pages.append(PortalPage("training session", session.get_absolute_url()))
        pages.append(PortalPage("training sessions, one module",
                                reverse("trainings:session_list") + f"?module={session.module_id}"))
    booking = TrainingBooking.objects.filter(user=user, status__in=TrainingBooking.ACTIVE).first()
    if booking is not None:
        pages.append(PortalPage("training booking cancel",
                                reverse("trainings:booking_cancel", args=[booking.pk])))
    return pages


def portal_pages(language: str) -> list[PortalPage]:
    """Every page, for the demo SuperUser of ``language``; demo data must be loaded."""
    user = User.objects.get(email=DEMO_SUPERUSER[language])
    article = Article.objects.filter(language=language, is_published=True).first()
    search_word = {"sv": "faktura", "fi": "lasku", "en": "invoice"}[language]
    pages = [
        PortalPage("home", "/"),
        PortalPage("case list", reverse("cases:case_list")),
        PortalPage("case list, resolved", reverse("cases:case_list") + "?status=resolved"),
        PortalPage("register a case", reverse("cases:case_create")),
        PortalPage("service levels", reverse("cases:sla_summary")),
        *_case_pages(user),
        PortalPage("support logins", reverse("support_logins:grant_list")),
        *_training_pages(user),
        PortalPage("company", reverse("superusers:company")),
        PortalPage("profile", reverse("accounts:profile")),
        PortalPage("api_tokens", reverse("api_tokens:list")),
        PortalPage("password change", reverse("accounts:password_change")),
        PortalPage("notification preferences", reverse("accounts:notifications")),
        PortalPage("my personal data", reverse("privacy:overview")),
        PortalPage("FAQ", reverse("knowledgebase:home")),
        PortalPage("FAQ search", reverse("knowledgebase:search") + f"?q={search_word}"),
        PortalPage("Academy news", reverse("academy:home")),
        PortalPage("Academy resources", reverse("academy:resource_list")),
        PortalPage("Academy search", reverse("academy:search") + f"?q={search_word}"),
        PortalPage("Academy wishes", reverse("academy:wishes")),
        PortalPage("Academy feed and email", reverse("academy:feed_settings")),
        PortalPage("downloads", reverse("downloads:file_list")),
        PortalPage("service catalogue", reverse("catalogue:home")),
        PortalPage("service catalogue, overdue", reverse("catalogue:home"), viewer="overdue"),
        PortalPage("contact", reverse("contact")),
        PortalPage("feedback", reverse("feedback:create") + "?page=/"),
        PortalPage("not found", "/cases/1999-999999/"),
        PortalPage("overdue customer's home", "/", viewer="overdue"),
        PortalPage("home without a seat", "/", viewer="no_seat"),
        PortalPage("login", reverse("accounts:login"), viewer="anonymous"),
        PortalPage("create account", reverse("accounts:register"), viewer="anonymous"),
        PortalPage("password reset", reverse("accounts:password_reset"), viewer="anonymous"),
        PortalPage("contact, signed out", reverse("contact"), viewer="anonymous"),
        PortalPage("FAQ, signed out", reverse("knowledgebase:home"), viewer="anonymous"),
    ]
    if article is not None:
        pages.append(PortalPage("FAQ article", reverse("knowledgebase:article", args=[article.pk])))
    return pages


def _no_seat_person(language: str) -> User:
    """Someone of the demo SuperUser's company without a seat: the home explains why."""
    colleague = User.objects.get(email=DEMO_SUPERUSER[language])
    email = f"no.seat.{language}@example.com"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = UserFactory(email=email, customer=colleague.customer, language=language)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def viewer_email(viewer: str, language: str) -> str | None:
    if viewer == "anonymous":
        return None
    if viewer == "overdue":
        # Their saved language would win over the browser's: the pass is in ``language``.
        User.objects.filter(email=OVERDUE_SUPERUSER).update(language=language)
        return OVERDUE_SUPERUSER
    if viewer == "no_seat":
        return _no_seat_person(language).email
    return DEMO_SUPERUSER[language]


def context_in_language(context: BrowserContext, base: str, language: str) -> None:
    context.add_cookies([{"name": "django_language", "value": language,
                          "domain": urlsplit(base).hostname, "path": "/"}])
    context.set_default_timeout(TIMEOUT_MS)


def log_in(page: Page, base: str, email: str | None) -> None:
    """Log out whoever is in, then log ``email`` in (no one for None)."""
    page.context.clear_cookies(name="sessionid")
    if email is None:
        return
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def pages_by_viewer(pages: list[PortalPage]) -> dict[str, list[PortalPage]]:
    grouped: dict[str, list[PortalPage]] = {}
    for portal_page in pages:
        grouped.setdefault(portal_page.viewer, []).append(portal_page)
    return grouped
