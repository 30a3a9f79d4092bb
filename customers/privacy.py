"""Personal data in the customers app (privacy.registry). A customer is a company: its
name and number are company data, not a person's."""

from __future__ import annotations

from privacy.registry import declare, not_personal

from .models import Customer, Licence, Module, TrainingCompletion

declare(Customer, fields=not_personal("id", "name", "customer_number", "office_country", "industry",
                                      "payment_status", "is_active", "created_at", "portal_version"))

declare(Module, fields=not_personal("id", "code", "name", "name_sv", "name_fi", "name_en"))

declare(Licence, fields=not_personal("id", "customer", "number", "valid_from", "valid_until",
                                     "is_active"))

# Kept after erasure: the training is what allowed the (now anonymous) reporter's cases.
declare(
    TrainingCompletion,
    fields=not_personal("id", "user", "module", "completed_on"),
    owners=("user",),
    subject_person="user",
)
