"""Personal data in the knowledgebase app (privacy.registry)."""

from __future__ import annotations

from privacy.registry import SECRET, Erase, OnErase, declare, not_personal, personal

from .models import Article, ArticleVote, DeflectionEvent

declare(Article, fields=not_personal("id", "question", "answer", "module", "language",
                                     "translation_group", "is_published", "visibility",
                                     "view_count", "created_at", "updated_at", "search_vector"))

# Deleted, as the user FK's CASCADE intends: anonymising would need the session key the
# check constraint asks for once user is empty. The article loses one vote.
declare(
    ArticleVote,
    fields={
        **not_personal("id", "article", "user", "is_helpful", "voted_at"),
        # A logged-out voter's session key: a live credential while the session lasts.
        "session_key": SECRET,
    },
    owners=("user",),
    subject_person="user",
    on_erase=OnErase.DELETE,
)

# Anonymised, not deleted: the deflection statistics must not change (the FK is SET_NULL
# for the same reason); cutting the link to the person is the erasure.
declare(
    DeflectionEvent,
    fields={
        **not_personal("id", "article", "customer", "source", "opened_at", "case_registered",
                       "case_registered_at"),
        "user": personal(Erase.NULL),
    },
    owners=("user",),
    subject_person="user",
)
