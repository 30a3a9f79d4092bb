"""Demo cases, so a newcomer's first look shows the product: for every demo SuperUser of a
paid-up customer, cases in every category and several states, with conversations, a pending
and an accepted cost estimate, and an active support login.

Everything goes through the services, with `now` values spread over the last days, so
history, SLA instants and the outbox are as real use would leave them. Idempotent: a case is
looked up by (customer, subject) and not created twice. The demo's own emails are marked
sent: `make run` would otherwise print dozens of mails from a week that never happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from customers.models import PaymentStatus
from superusers.models import SuperUserSeat
from superusers.selectors import superuser_trained_modules
from support_logins.services import support_login_grant

from .models import Case, OutboxEmail
from .services import (
    case_estimate_accept,
    case_estimate_give,
    case_message_add,
    case_register,
    case_transition,
)
from .workflows import Category, State


@dataclass(frozen=True)
class Words:
    bug: str
    bug_text: str
    question_to_customer: str
    new_bug: str
    order_pending: str
    order_accepted: str
    estimate_text: str
    question: str
    answer: str
    wish: str
    thanks: str


WORDS = {
    "sv": Words(
        bug="Lönefilen till banken avvisas",
        bug_text="Banken svarar 'ogiltigt format' sedan i går.",
        question_to_customer="Vilken version kör ni? Skicka gärna felmeddelandet från banken.",
        new_bug="Fakturautskriften saknar OCR-nummer",
        order_pending="Import av 2 000 artiklar från gamla systemet",
        order_accepted="Ny layout för offertmallen",
        estimate_text="Mappning av kolumnerna, en testimport och den slutliga importen.",
        question="Hur krediterar jag en faktura?",
        answer="Öppna fakturan och välj Kreditera; en kreditnota skapas med samma rader.",
        wish="Filtrera projektlistan på projektledare", thanks="Tack, det fungerade!"),
    "fi": Words(
        bug="Pankki hylkää palkkatiedoston",
        bug_text="Pankki vastaa 'virheellinen muoto' eilisestä asti.",
        question_to_customer="Mitä versiota käytätte? Lähettäkää myös pankin virheilmoitus.",
        new_bug="Laskutulosteesta puuttuu viitenumero",
        order_pending="2 000 nimikkeen tuonti vanhasta järjestelmästä",
        order_accepted="Uusi asettelu tarjouspohjaan",
        estimate_text="Sarakkeiden määritys, yksi testituonti ja lopullinen tuonti.",
        question="Miten hyvitän laskun?",
        answer="Avaa lasku ja valitse Hyvitä; hyvityslasku luodaan samoilla riveillä.",
        wish="Projektilistan suodatus projektipäällikön mukaan", thanks="Kiitos, se toimi!"),
}


def _specialist_for(case: Case) -> User:
    return User.objects.filter(is_staff=True, support_team=case.team).order_by("pk").first()


def _currency(reporter: User) -> str:
    return "EUR" if reporter.customer.office_country == "FI" else "SEK"


def _case(reporter: User, subject: str, category: str, *, level: int | None, now: datetime,
          description: str = "") -> tuple[Case, bool]:
    existing = Case.objects.filter(customer_id=reporter.customer_id, subject=subject).first()
    if existing is not None:
        return existing, False
    module = superuser_trained_modules(user=reporter).first()
    case = case_register(reporter=reporter, module=module, category=category, subject=subject,
                         description=description or subject, service_level=level, now=now)
    return case, True


def _load_for(reporter: User, words: Words, now: datetime) -> int:
    created = 0
    day = timedelta(days=1)

    bug, new = _case(reporter, words.bug, Category.SOFTWARE_BUG, level=2, now=now - 2 * day,
                     description=words.bug_text)
    if new:
        staff = _specialist_for(bug)
        case_message_add(case=bug, by=staff, body=words.question_to_customer,
                         now=now - 2 * day + timedelta(hours=1))
        case_transition(case=bug, by=staff, target=State.ESCALATED, now=now - day)
        created += 1

    _fresh, new = _case(reporter, words.new_bug, Category.SOFTWARE_BUG, level=3,
                        now=now - timedelta(hours=1))
    created += new

    pending, new = _case(reporter, words.order_pending, Category.ORDER, level=None,
                         now=now - 5 * day)
    if new:
        case_estimate_give(case=pending, by=_specialist_for(pending), amount=Decimal("12500.00"),
                           text=words.estimate_text, currency=_currency(reporter), now=now - 3 * day)
        created += 1

    accepted, new = _case(reporter, words.order_accepted, Category.ORDER, level=None,
                          now=now - 6 * day)
    if new:
        staff = _specialist_for(accepted)
        estimate = case_estimate_give(
            case=accepted, by=staff, amount=Decimal("4800.00"), text=words.estimate_text,
            currency=_currency(reporter), now=now - 5 * day)
        case_estimate_accept(case=accepted, by=reporter, version=estimate.version,
                             now=now - 4 * day)
        case_transition(case=accepted, by=staff, target=State.WORK, now=now - 3 * day)
        try:
            support_login_grant(case=accepted, by=reporter, preset="24h", now=now)
        except ValidationError:
            pass  # a preset the calendar does not offer now: the demo goes on without it
        created += 1

    question, new = _case(reporter, words.question, Category.SUPPORT_QUESTION, level=None,
                          now=now - 10 * day)
    if new:
        case_message_add(case=question, by=_specialist_for(question), body=words.answer,
                         now=now - 10 * day + timedelta(hours=2))
        case_message_add(case=question, by=reporter, body=words.thanks, now=now - 9 * day)
        case_transition(case=question, by=reporter, target=State.CLOSED, now=now - 9 * day)
        created += 1

    _wish, new = _case(reporter, words.wish, Category.WISH, level=None, now=now - 7 * day)
    created += new
    return created


def load(stdout) -> None:
    now = timezone.now()
    started = now
    reporters = (User.objects.filter(
        pk__in=SuperUserSeat.objects.values("user_id"),
        customer__payment_status=PaymentStatus.PAID_UP, customer__is_active=True)
        .select_related("customer").order_by("email"))
    seen_customers: set[int] = set()
    created = 0
    for reporter in reporters:
        if reporter.customer_id in seen_customers:
            continue  # one set per company: colleagues see each other's cases anyway
        if not superuser_trained_modules(user=reporter).exists():
            continue
        seen_customers.add(reporter.customer_id)
        words = WORDS["fi" if reporter.customer.office_country == "FI" else "sv"]
        created += _load_for(reporter, words, now)
    OutboxEmail.objects.filter(sent_at__isnull=True, created_at__gte=started).update(
        sent_at=timezone.now(), last_error="demo data: not sent")
    stdout.write(f"Demo cases: {created} created for {len(seen_customers)} customers.")
