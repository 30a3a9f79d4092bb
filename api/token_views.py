"""The token pages: a person's personal access tokens, creating one (its secret shown once)
and revoking one. Thin: the writes are api.services', the reads api.selectors'."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kundcenter.client_ip import client_ip

from .selectors import tokens_of
from .services import token_create as issue_token
from .services import token_revoke as revoke_token
from .token_forms import TokenCreateForm

API_EXAMPLE_PATH = "/api/v1/cases/"


def _list_page(request: HttpRequest, form: TokenCreateForm, *, status: int = 200,
               refusal: str = "") -> HttpResponse:
    tokens = tokens_of(user=request.user).order_by("-created_at", "-pk")
    return render(request, "api/tokens.html", {
        "tokens": tokens, "form": form, "now": timezone.now(), "refusal": refusal,
    }, status=status)


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, TokenCreateForm())


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Not a redirect: the secret is on this one response and nowhere else (not the session,
    not a message), and the response may not be cached."""
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    now = timezone.now()
    try:
        issued = issue_token(user=request.user, name=form.cleaned_data["name"],
                             scope=form.cleaned_data["scope"], expires_at=form.expires_at(now=now),
                             now=now, ip_address=client_ip(request))
    except PermissionDenied as refusal:
        return _list_page(request, form, status=403, refusal=str(refusal))
    except ValidationError as error:
        form.add_error(None, error)
        return _list_page(request, form, status=400)
    response = render(request, "api/token_created.html", {
        "token": issued.token, "secret": issued.secret,
        "example_url": request.build_absolute_uri(API_EXAMPLE_PATH),
    })
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens_of(user=request.user), pk=pk)
    revoke_token(token=token, by=request.user, now=timezone.now(), ip_address=client_ip(request))
    messages.success(request, _("The token “%(name)s” was revoked; it no longer works.")
                     % {"name": token.name})
    return redirect("api_tokens:list")
