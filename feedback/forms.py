from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from kundcenter.widgets import PlainHiddenInput

from .models import Topic
from .rules import TEXT_MAX_LENGTH, TEXT_MIN_LENGTH


def safe_page(value: str, *, allowed_hosts: set[str]) -> str:
    """The page the feedback was sent from, when it is one of ours; else the start page (the
    value is only a hidden field, so it is never worth an error message)."""
    if value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts):
        return value
    return "/"


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices,
                              initial=Topic.SUGGESTION)
    text = forms.CharField(
        label=_("Your feedback"), min_length=TEXT_MIN_LENGTH, max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write about a particular case here: register it as a "
                    "case instead, so that it gets a number and an answer within our promise."),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"), required=False,
        help_text=_("If you would like an answer."),
    )
    page = forms.CharField(widget=PlainHiddenInput, required=False, max_length=2000)

    def __init__(self, *args: Any, user: Any, allowed_hosts: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_hosts = allowed_hosts
        if user.is_authenticated:
            # Answered at the account's address; asking again would only invite typos.
            del self.fields["email"]
        for name in ("topic", "text", "email"):
            if name in self.fields:
                self.fields[name].widget.attrs["id"] = f"feedback-{name}"

    def clean_page(self) -> str:
        return safe_page(self.cleaned_data.get("page") or "", allowed_hosts=self.allowed_hosts)


def feedback_form_for(request: HttpRequest, data: Any = None, *,
                      page: str | None = None) -> FeedbackForm:
    """The form as sent from the page being shown: its path and query are the hidden field,
    unless ``page`` says otherwise."""
    return FeedbackForm(data, user=request.user, allowed_hosts={request.get_host()},
                        initial={"page": request.get_full_path() if page is None else page})
