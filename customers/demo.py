"""Demo customers, licences, SuperUsers and staff (logins are listed in the README)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import MANAGERS, PRODUCT_SPECIALISTS, roles_ensure
from superusers.models import SuperUserSeat
from superusers.services import superuser_seat_assign

from .models import Customer, Licence, Module, OfficeCountry, PaymentStatus, TrainingCompletion
from .teams import Industry, SupportTeam

DEMO_PASSWORD = "Kundcenter-demo-2026"

# code, name (the fallback), and the name in Swedish, Finnish and English
MODULES = [
    ("ledger", "Ekonomi / Talous", "Ekonomi", "Talous", "Finance"),
    ("invoicing", "Fakturering / Laskutus", "Fakturering", "Laskutus", "Invoicing"),
    ("payroll", "Lön / Palkat", "Lön", "Palkat", "Payroll"),
    ("projects", "Projekt / Projektit", "Projekt", "Projektit", "Projects"),
    ("orders", "Order / Tilaukset", "Order", "Tilaukset", "Orders"),
    ("stock", "Lager / Varasto", "Lager", "Varasto", "Stock"),
    ("service", "Service / Huolto", "Service", "Huolto", "Service"),
    ("time", "Tidrapport / Tuntiraportointi", "Tidrapport", "Tuntiraportointi",
     "Time reporting"),
]

# name, number, country, industry, payment status, module codes
CUSTOMERS = [
    ("Elektro Nord AB", "10001", OfficeCountry.SWEDEN, Industry.ELECTRICAL_HVAC,
     PaymentStatus.PAID_UP, ["ledger", "invoicing", "projects", "time", "service"]),
    ("Handelshuset Syd AB", "10002", OfficeCountry.SWEDEN, Industry.RETAIL,
     PaymentStatus.PAID_UP, ["ledger", "invoicing", "orders"]),
    ("Kuljetus Virtanen Oy", "20001", OfficeCountry.FINLAND, Industry.TRANSPORT,
     PaymentStatus.PAID_UP, ["ledger", "payroll", "time"]),
    ("Kauppa Lahtinen Oy", "20002", OfficeCountry.FINLAND, Industry.HOSPITALITY,
     PaymentStatus.PAID_UP,
     ["ledger", "invoicing", "stock", "orders", "payroll", "time", "service"]),
    ("Bygg & Plåt i Dalarna AB", "10003", OfficeCountry.SWEDEN, Industry.CONSTRUCTION,
     PaymentStatus.OVERDUE, ["ledger", "projects"]),
]

# email, first, last, language, customer number, trained module codes
SUPERUSERS = [
    ("anna.lind@elektronord.example", "Anna", "Lind", "sv", "10001", ["ledger", "invoicing", "projects"]),
    ("erik.holm@elektronord.example", "Erik", "Holm", "sv", "10001", ["time"]),
    ("sara.berg@handelshuset.example", "Sara", "Berg", "sv", "10002", ["ledger", "orders"]),
    ("mikko.virtanen@kuljetus.example", "Mikko", "Virtanen", "fi", "20001", ["ledger", "payroll"]),
    ("liisa.lahtinen@kauppa.example", "Liisa", "Lahtinen", "fi", "20002", ["stock", "orders", "payroll"]),
    ("oliver.grant@kauppa.example", "Oliver", "Grant", "en", "20002", ["ledger", "invoicing", "orders"]),
    ("johan.dahl@byggplat.example", "Johan", "Dahl", "sv", "10003", ["ledger"]),
]

# email, first, last, language, team (None = manager)
STAFF = [
    ("specialist.crafts@kundcenter.example", "Karin", "Ström", "sv",
     SupportTeam.CRAFTS_TRANSPORT_CONSULTING),
    ("specialist.trade@kundcenter.example", "Pekka", "Nieminen", "fi",
     SupportTeam.TRADE_SERVICES_ORGANISATIONS),
    ("manager@kundcenter.example", "Maria", "Ek", "en", None),
]


@cache
def _password_hash() -> str:
    # One deliberately slow hash for every demo person (salted once): half a second each
    # would make up most of loaddemo's time.
    return make_password(DEMO_PASSWORD)


def _person(email: str, first: str, last: str, language: str, *, superuser: bool = False,
            **extra) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email, None, first_name=first, last_name=last, language=language, **extra)
        user.password = _password_hash()
        user.save(update_fields=["password"])
    return user


def load(stdout) -> None:
    modules = {code: Module.objects.update_or_create(
                   code=code, defaults={"name": name, "name_sv": sv, "name_fi": fi,
                                        "name_en": en})[0]
               for code, name, sv, fi, en in MODULES}
    for name, number, country, industry, payment, codes in CUSTOMERS:
        customer, _ = Customer.objects.update_or_create(
            customer_number=number,
            defaults={"name": name, "office_country": country, "industry": industry,
                      "payment_status": payment},
        )
        licence, _ = Licence.objects.get_or_create(
            number=f"L-{number}-1", defaults={"customer": customer,
                                                "valid_from": dt.date(2024, 1, 1)})
        licence.modules.set([modules[c] for c in codes])

    for email, first, last, language, number, trained in SUPERUSERS:
        user = _person(email, first, last, language)
        licence = Licence.objects.get(number=f"L-{number}-1")
        if not SuperUserSeat.objects.filter(licence=licence, user=user).exists():
            superuser_seat_assign(licence=licence, user=user, assigned_by=None)
        for code in trained:
            TrainingCompletion.objects.get_or_create(
                user=user, module=modules[code], defaults={"completed_on": dt.date(2025, 3, 1)})

    roles_ensure()
    specialists = Group.objects.get(name=PRODUCT_SPECIALISTS)
    managers = Group.objects.get(name=MANAGERS)
    for email, first, last, language, team in STAFF:
        user = _person(email, first, last, language, is_staff=True, support_team=team or "")
        user.groups.add(specialists if team else managers)
    _person("admin@kundcenter.example", "Admin", "", "en", superuser=True)
    stdout.write(f"customers: {Customer.objects.count()}, SuperUser seats: "
                 f"{SuperUserSeat.objects.count()}, staff: {User.objects.filter(is_staff=True).count()}")
