"""Demo cases, estimates, ratings and support logins for every demo customer.

Everything is written through the services (register, reply, move, estimate give/accept,
support login grant/use/revoke/expire) at explicit instants spread over the last weeks, so
the history, the SLA instants and the emails agree with each other. The two bugs whose SLA
state matters (breached, at risk) are registered backwards from the real ``now`` through
the office's opening hours, so the state holds when the newcomer looks.

Idempotent: a scenario whose subject the customer already has is skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from accounts.models import User
from cases.models import Case, OutboxEmail
from cases.services import (
    case_assign,
    case_estimate_accept,
    case_estimate_give,
    case_message_add,
    case_rating_give,
    case_register,
    case_transition,
)
from cases.time_services import time_entry_log
from cases.workflows import Category, State
from sla.calendar import OpeningTable, last_open_day_on_or_before, open_time_between, to_local
from sla.rules import SERVICE_LEVELS
from sla.services import calendar_table_get
from superusers.selectors import superuser_trained_modules
from support_logins.services import (
    consultant_access_grant,
    support_login_grant,
    support_login_grants_expire,
    support_login_revoke,
    support_login_use,
)

from .demo import CUSTOMERS, SUPERUSERS
from .demo_texts import GRANT_REASONS, TEXTS
from .models import Customer, Module, PaymentStatus

CURRENCY = {"SE": "SEK", "FI": "EUR"}
# Hourly price of billable work per office; estimates are hours times this.
HOURLY_RATE = {"SE": Decimal("1200.00"), "FI": Decimal("120.00")}

# Shares of a bug's start window (open time) already used when the demo is loaded.
AT_RISK_USED = 0.85
BREACHED_USED = 1.5


@dataclass
class Scene:
    """One customer's scenario being written: who, where, and the real clock."""

    customer: Customer
    reporter: User
    specialist: User
    table: OpeningTable
    now: datetime
    language: str
    texts: tuple[str, str, tuple[str, ...]]
    tally: Counter

    def day(self, open_days_ago: int, at: str) -> datetime:
        """``at`` (office-local "HH:MM") on the n-th open day before today: staff work on
        open days, and distinct n give distinct, ordered days."""
        day = to_local(self.table, self.now).date()
        for _ in range(open_days_ago):
            day = last_open_day_on_or_before(self.table, day - timedelta(days=1))
        return datetime.combine(day, time.fromisoformat(at), tzinfo=self.table.time_zone)

    def open_time_ago(self, used: timedelta) -> datetime:
        return instant_with_open_time_before(self.table, now=self.now, open_time=used)

    @property
    def message(self) -> tuple[str, ...]:
        return self.texts[2]

    def register(self, category: str, modules: tuple[str, ...], at: datetime,
                 level: int | None = None) -> Case:
        subject, description, _ = self.texts
        case = case_register(reporter=self.reporter, module=_module_for(self.reporter, modules),
                             category=category, subject=subject, description=description,
                             service_level=level, now=at)
        self.tally["cases"] += 1
        return case

    def take(self, case: Case, at: datetime) -> Case:
        return case_assign(case=case, assignee=self.specialist, by=self.specialist, now=at)

    def staff_says(self, case: Case, body: str, at: datetime) -> None:
        case_message_add(case=case, by=self.specialist, body=body, now=at)

    def customer_says(self, case: Case, body: str, at: datetime) -> None:
        case_message_add(case=case, by=self.reporter, body=body, now=at)

    def move(self, case: Case, target: str, at: datetime, *, by: User | None = None) -> Case:
        return case_transition(case=case, by=by or self.specialist, target=target, now=at)

    def estimate(self, case: Case, hours: int, text: str, at: datetime) -> None:
        case_estimate_give(case=case, by=self.specialist, text=text,
                           amount=HOURLY_RATE[case.office] * hours,
                           currency=CURRENCY[case.office], now=at)

    def accept(self, case: Case, at: datetime) -> None:
        case_estimate_accept(case=case, by=self.reporter, version=1, now=at)


def instant_with_open_time_before(table: OpeningTable, *, now: datetime,
                                  open_time: timedelta) -> datetime:
    """The latest instant from which ``open_time`` of opening hours has passed by ``now``
    (to the second): the calendar only counts forwards, so search backwards for it."""
    low, high = now - timedelta(days=120), now
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if open_time_between(table, middle, now) >= open_time:
            low = middle
        else:
            high = middle
    return low.replace(microsecond=0)


def _module_for(reporter: User, preferred: tuple[str, ...]) -> Module:
    """The first preferred module the reporter may report on, else any of theirs."""
    trained = list(superuser_trained_modules(user=reporter))
    by_code = {module.code: module for module in trained}
    return next((by_code[code] for code in preferred if code in by_code), trained[0])


# --- Scenarios, oldest first so case numbers roughly follow registration time ----------

def wish_delivered_long_ago(scene: Scene) -> None:
    """Delivered weeks ago, past the reopening window: the page offers a follow-up.
    Messages: plan, delivery, the customer's rating comment."""
    case = scene.register(Category.WISH, ("projects", "ledger"), scene.day(60, "10:05"))
    scene.take(case, scene.day(59, "09:15"))
    scene.move(case, State.PRODUCT_COUNCIL, scene.day(59, "09:20"))
    scene.move(case, State.PLANNED, scene.day(50, "14:00"))
    scene.staff_says(case, scene.message[0], scene.day(50, "14:05"))
    case = scene.move(case, State.DELIVERED, scene.day(35, "11:30"))
    scene.staff_says(case, scene.message[1], scene.day(35, "11:35"))
    case_rating_give(case=case, by=scene.reporter, solved=True, score=5,
                     comment=scene.message[2], now=scene.day(34, "08:40"))


def question_closed(scene: Scene) -> None:
    """Answered and closed by the customer. Messages: answer, thanks."""
    case = scene.register(Category.SUPPORT_QUESTION, ("ledger", "invoicing", "stock"),
                          scene.day(30, "13:20"))
    scene.take(case, scene.day(30, "14:00"))
    scene.staff_says(case, scene.message[0], scene.day(30, "14:10"))
    scene.customer_says(case, scene.message[1], scene.day(29, "08:30"))
    scene.move(case, State.CLOSED, scene.day(29, "08:31"), by=scene.reporter)


def order_delivered_recently(scene: Scene) -> None:
    """Accepted, worked and delivered two open days ago, inside the reopening window, so
    the customer is asked "did this solve it?". Messages: the delivery note."""
    case = scene.register(Category.ORDER, ("ledger", "orders"), scene.day(15, "09:00"))
    scene.take(case, scene.day(15, "10:00"))
    scene.estimate(case, 8, scene.texts[1], scene.day(14, "10:30"))
    scene.accept(case, scene.day(13, "15:45"))
    scene.move(case, State.WORK, scene.day(12, "08:30"))
    # The work as the consultant logged it, billable by the accepted estimate.
    for days_ago, minutes in ((12, 150), (11, 240), (3, 90)):
        time_entry_log(case=case, by=scene.specialist, minutes=minutes,
                       customer_environment=False, now=scene.day(days_ago, "16:00"),
                       worked_on=to_local(scene.table, scene.day(days_ago, "16:00")).date())
    scene.move(case, State.DELIVERED, scene.day(2, "15:00"))
    scene.staff_says(case, scene.message[0], scene.day(2, "15:02"))


def wish_council(scene: Scene) -> None:
    """Waiting for the product council. Messages: the specialist's answer."""
    case = scene.register(Category.WISH, ("orders", "invoicing", "ledger"),
                          scene.day(14, "11:10"))
    scene.take(case, scene.day(13, "09:00"))
    scene.move(case, State.PRODUCT_COUNCIL, scene.day(13, "09:05"))
    scene.staff_says(case, scene.message[0], scene.day(13, "09:10"))


def bug_planned(scene: Scene) -> None:
    """Started in time (SLA met), a support login granted, used and expired, a fix planned.
    Messages: first answer, the customer's reply, the release plan."""
    registered = scene.day(12, "08:20")
    case = scene.register(Category.SOFTWARE_BUG, ("invoicing", "ledger"), registered, level=3)
    scene.take(case, scene.day(12, "09:00"))
    case = scene.move(case, State.ESCALATED, scene.day(12, "09:05"))
    scene.staff_says(case, scene.message[0], scene.day(12, "09:10"))
    granted = scene.day(11, "10:00")
    grant = support_login_grant(case=case, by=scene.reporter, preset="8wh", now=granted,
                                reason=GRANT_REASONS[scene.language])
    scene.customer_says(case, scene.message[1], scene.day(11, "10:02"))
    support_login_use(grant=grant, specialist=scene.specialist, now=scene.day(11, "10:30"))
    # The beat job's run just after the end: the thread tells when the access ended.
    support_login_grants_expire(now=grant.expires_at + timedelta(minutes=1))
    scene.tally["support logins"] += 1
    scene.move(case, State.ASSESSED, scene.day(9, "13:00"))
    scene.move(case, State.PLANNED, scene.day(7, "10:00"))
    scene.staff_says(case, scene.message[2], scene.day(7, "10:05"))


def order_in_work(scene: Scene) -> None:
    """Estimate accepted, work in progress, consultant access active now.
    Messages: the estimate's text, the note when work starts."""
    case = scene.register(Category.ORDER, ("orders", "invoicing", "ledger"),
                          scene.day(10, "14:30"))
    scene.take(case, scene.day(9, "09:00"))
    scene.estimate(case, 6, scene.message[0], scene.day(9, "09:30"))
    scene.accept(case, scene.day(8, "11:15"))
    case = scene.move(case, State.WORK, scene.day(8, "13:00"))
    scene.staff_says(case, scene.message[1], scene.day(8, "13:05"))
    # Granted a few hours ago: a 24-hour consultant access still running when one looks.
    consultant_access_grant(case=case, by=scene.reporter, now=scene.now - timedelta(hours=3),
                            reason=GRANT_REASONS[scene.language])
    scene.tally["support logins"] += 1


def question_second_line(scene: Scene) -> None:
    """With second line; a support login granted, used and revoked by the customer.
    Messages: the handover note, the customer's reply."""
    case = scene.register(Category.SUPPORT_QUESTION, ("ledger", "payroll"),
                          scene.day(6, "08:50"))
    scene.take(case, scene.day(6, "09:30"))
    case = scene.move(case, State.SECOND_LINE, scene.day(6, "09:40"))
    scene.staff_says(case, scene.message[0], scene.day(6, "09:45"))
    grant = support_login_grant(case=case, by=scene.reporter, preset="24h",
                                now=scene.day(5, "13:00"), reason=GRANT_REASONS[scene.language])
    support_login_use(grant=grant, specialist=scene.specialist, now=scene.day(5, "13:30"))
    support_login_revoke(grant=grant, by=scene.reporter, now=scene.day(5, "15:10"))
    scene.customer_says(case, scene.message[1], scene.day(5, "15:12"))
    scene.tally["support logins"] += 1


def question_waiting(scene: Scene) -> None:
    """The centre's question is the last word: waiting for the customer's reply.
    Messages: answer, the customer's reply, the specialist's question."""
    case = scene.register(Category.SUPPORT_QUESTION, ("ledger", "time", "stock"),
                          scene.day(4, "09:10"))
    scene.take(case, scene.day(4, "10:50"))
    scene.staff_says(case, scene.message[0], scene.day(4, "11:00"))
    scene.customer_says(case, scene.message[1], scene.day(3, "08:45"))
    scene.staff_says(case, scene.message[2], scene.day(2, "14:20"))


def order_pending_estimate(scene: Scene) -> None:
    """An estimate waiting for the customer's acceptance. Messages: the estimate's text."""
    case = scene.register(Category.ORDER, ("orders", "invoicing", "ledger"),
                          scene.day(3, "10:40"))
    scene.take(case, scene.day(2, "09:00"))
    scene.estimate(case, 16, scene.message[0], scene.day(1, "11:20"))


def bug_breached(scene: Scene) -> None:
    """Level 2, not started, its start deadline passed by half a window of open time.
    Messages: the customer asking for news."""
    window = SERVICE_LEVELS[2].start_within
    case = scene.register(Category.SOFTWARE_BUG, ("invoicing", "ledger"),
                          scene.open_time_ago(window * BREACHED_USED), level=2)
    scene.customer_says(case, scene.message[0], scene.open_time_ago(window * 0.25))


def bug_at_risk(scene: Scene) -> None:
    """Level 1, not started, most of its start window used: at risk now."""
    window = SERVICE_LEVELS[1].start_within
    scene.register(Category.SOFTWARE_BUG, ("ledger", "invoicing"),
                   scene.open_time_ago(window * AT_RISK_USED), level=1)


SCENARIOS: tuple[Callable[[Scene], None], ...] = (
    wish_delivered_long_ago, question_closed, order_delivered_recently, wish_council,
    bug_planned, order_in_work, question_second_line, question_waiting,
    order_pending_estimate, bug_breached, bug_at_risk,
)


@contextmanager
def _history_before_overdue(customer: Customer) -> Iterator[None]:
    """A customer with overdue payments may change nothing (the services refuse), yet its
    demo shows the cases it had before: its payments count as paid while they are written."""
    overdue = customer.payment_status
    if overdue == PaymentStatus.OVERDUE:
        Customer.objects.filter(pk=customer.pk).update(payment_status=PaymentStatus.PAID_UP)
    try:
        yield
    finally:
        Customer.objects.filter(pk=customer.pk).update(payment_status=overdue)


def load(stdout, *, now: datetime) -> None:
    """Every scenario for every demo customer (``customers.demo`` must have run). The
    scenarios take turns among a customer's SuperUsers, each writing in their language."""
    tally: Counter = Counter()
    last_email = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for _name, number, *_rest in CUSTOMERS:
        customer = Customer.objects.get(customer_number=number)
        reporters = [User.objects.get(email=email)
                     for email, *_names, customer_number, _trained in SUPERUSERS
                     if customer_number == number]
        specialist = (User.objects.filter(is_staff=True, support_team=customer.support_team)
                      .order_by("pk").first())
        table = calendar_table_get(customer.office_country)
        with _history_before_overdue(customer):
            for index, scenario in enumerate(SCENARIOS):
                reporter = reporters[index % len(reporters)]
                texts = TEXTS[scenario.__name__][reporter.language]
                if Case.objects.filter(customer=customer, subject=texts[0]).exists():
                    tally["already there"] += 1
                    continue
                scenario(Scene(customer=customer, reporter=reporter, specialist=specialist,
                               table=table, now=now, language=reporter.language, texts=texts,
                               tally=tally))
    # The services queued the emails of weeks that never happened; `make run` would print
    # them all. They stay in the outbox, marked sent, so admin shows what was notified.
    OutboxEmail.objects.filter(pk__gt=last_email, sent_at__isnull=True).update(
        sent_at=now, last_error="demo data: not sent")
    stdout.write(f"Demo cases: {tally['cases']} created ({tally['already there']} already "
                 f"there), support logins: {tally['support logins']} granted.")
