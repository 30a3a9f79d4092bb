"""Portal pages of the Academy: release news, resources, the combined search, wishes, and
the feed and email settings. Thin: reads through academy.selectors, writes through
academy.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views import View

from audit.services import audit_record
from cases.uploads import HEAD_BYTES, is_inline_safe
from customers.access import get_for_customer_or_404
from knowledgebase.markdown import markdown_to_plain, render_markdown
from knowledgebase.models import Language
from knowledgebase.search import article_search
from kundcenter.client_ip import client_ip

from . import selectors, services
from .access import AcademyReaderRequiredMixin
from .forms import AcademySearchForm, FeedTokenForm, ResourceFilterForm, WishForm
from .models import FeedToken, ResourceKind

RELEASES_PER_PAGE = 10
RESOURCES_PER_PAGE = 30
SEARCH_RESULTS_PER_GROUP = 10
FEED_ENTRIES = 30


def _language() -> str:
    return (get_language() or "sv").split("-")[0]


class ReleaseListView(AcademyReaderRequiredMixin, View):
    """The release news, newest first; the releases on the page count as read."""

    def get(self, request: HttpRequest) -> HttpResponse:
        notes = selectors.release_list_for_user(user=request.user, language=_language())
        page = Paginator(notes, RELEASES_PER_PAGE).get_page(request.GET.get("page"))
        services.releases_mark_read(user=request.user, now=timezone.now(),
                                    releases=[note.release for note in page.object_list])
        return render(request, "academy/release_list.html",
                      {"page": page, "notes": page.object_list,
                       "search_form": AcademySearchForm()})


class ReleaseDetailView(AcademyReaderRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        note = selectors.release_get_for_user_or_404(user=request.user, pk=pk,
                                                     language=_language())
        services.releases_mark_read(user=request.user, releases=[note.release],
                                    now=timezone.now())
        return render(request, "academy/release_detail.html", {"note": note})


class ResourceListView(AcademyReaderRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        modules = selectors.licensed_modules(customer_id=request.user.customer_id)
        form = ResourceFilterForm(request.GET, modules=modules)
        module, kind = form.values()
        resources = selectors.resource_list_for_user(user=request.user, module=module, kind=kind)
        page = Paginator(resources, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return render(request, "academy/resource_list.html",
                      {"form": form, "page": page, "query_string": params.urlencode()})


class ResourceDownloadView(AcademyReaderRequiredMixin, View):
    """An uploaded resource, only for customers licensing its module; logged."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        resource = selectors.resource_get_for_user_or_404(user=request.user, pk=pk)
        if not resource.file:
            raise Http404("No file.")
        file = resource.file.open("rb")
        head = file.read(HEAD_BYTES)
        file.seek(0)
        inline = is_inline_safe(resource.content_type, head)
        audit_record(actor=request.user, action="academy_resource.download", subject=resource,
                     customer_id=request.user.customer_id, ip_address=client_ip(request),
                     details={"inline": inline})
        response = FileResponse(file, as_attachment=not inline,
                                filename=resource.original_name or resource.file.name,
                                content_type=resource.content_type or "application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SearchView(AcademyReaderRequiredMixin, View):
    """One search box over the FAQ and the Academy, results grouped by kind."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = AcademySearchForm(request.GET)
        text = form.text()
        groups = []
        if text:
            language = _language()
            found = article_search(user=request.user, text=text,
                                   language=language if language in Language.values else None)
            articles = found.highlight(list(found.results[:SEARCH_RESULTS_PER_GROUP]))
            groups.append({"key": "faq", "title": _("FAQ articles"), "articles": articles,
                           "more": (found.count or 0) > SEARCH_RESULTS_PER_GROUP})
            resources = list(selectors.resource_list_for_user(
                user=request.user, module=None, kind="", text=text))
            for kind in ResourceKind:
                groups.append({"key": kind.value, "title": _kind_heading(kind),
                               "resources": [r for r in resources if r.kind == kind]})
            groups.append({"key": "releases", "title": _("Release notes"),
                           "notes": selectors.release_search(
                               user=request.user, text=text, language=language,
                               limit=SEARCH_RESULTS_PER_GROUP)})
        return render(request, "academy/search.html",
                      {"search_form": form, "text": text, "groups": groups})


def _kind_heading(kind: ResourceKind) -> str:
    return {ResourceKind.DOCUMENTATION: _("Documentation"), ResourceKind.FILM: _("Films"),
            ResourceKind.GUIDE: _("Guides")}[kind]


class WishView(AcademyReaderRequiredMixin, View):
    def _render(self, request: HttpRequest, form: WishForm, status: int = 200) -> HttpResponse:
        return render(request, "academy/wishes.html",
                      {"form": form, "wishes": selectors.wish_list_for_user(user=request.user)},
                      status=status)

    def _modules(self, request: HttpRequest):
        return selectors.licensed_modules(customer_id=request.user.customer_id)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, WishForm(modules=self._modules(request)))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WishForm(request.POST, modules=self._modules(request))
        if form.is_valid():
            try:
                services.wish_create(user=request.user, module=form.cleaned_data["module"],
                                     text=form.cleaned_data["text"], now=timezone.now())
            except ValidationError as error:
                form.add_error("text", error)
            else:
                messages.success(request, _("Thank you. We have your wish and will get back "
                                            "to you here."))
                return redirect("academy:wishes")
        return self._render(request, form, status=400)


class FeedSettingsView(AcademyReaderRequiredMixin, View):
    """The customer's feed addresses (create, revoke) and the person's email opt-in."""

    def _render(self, request: HttpRequest, *, new_feed_url: str = "",
                form: FeedTokenForm | None = None) -> HttpResponse:
        return render(request, "academy/feed_settings.html", {
            "feeds": selectors.feed_token_list_for_user(user=request.user),
            "subscribed": selectors.is_subscribed(user=request.user),
            "form": form or FeedTokenForm(initial={"language": _language()}),
            "new_feed_url": new_feed_url})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action")
        if action in ("subscribe", "unsubscribe"):
            services.release_subscription_set(user=request.user,
                                              subscribed=action == "subscribe")
            messages.success(request, _("You get an email when a release is published.")
                             if action == "subscribe"
                             else _("You no longer get emails about releases."))
            return redirect("academy:feed_settings")
        form = FeedTokenForm(request.POST)
        if not form.is_valid():
            return self._render(request, form=form)
        _feed, token = services.feed_token_create(
            user=request.user, language=form.cleaned_data["language"], now=timezone.now())
        # Shown on this response only: the token is not stored, so a reload cannot show it.
        url = request.build_absolute_uri(reverse("academy:feed", args=[token]))
        return self._render(request, new_feed_url=url)


class FeedTokenRevokeView(AcademyReaderRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        feed = get_for_customer_or_404(FeedToken.objects.filter(revoked_at__isnull=True),
                                       user=request.user, pk=pk)
        services.feed_token_revoke(user=request.user, feed=feed, now=timezone.now())
        messages.success(request, _("The feed address no longer works."))
        return redirect("academy:feed_settings")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The Atom feed of a customer's release notes; the token in the address is the key."""
    found = selectors.feed_token_active(token=token)
    notes = selectors.feed_releases(feed=found, limit=FEED_ENTRIES)
    with override(found.language):
        atom = Atom1Feed(
            title=_("Release news"), link=request.build_absolute_uri(reverse("academy:home")),
            description=f"{_('Release news')} – {found.customer.name}",
            language=found.language)
        for note in notes:
            body = "".join(f"<h2>{section.module.display_name}</h2>"
                           f"{render_markdown(section.body)}" for section in note.sections)
            link = request.build_absolute_uri(reverse("academy:release_detail",
                                                      args=[note.release.pk]))
            atom.add_item(title=str(note.release), link=link, unique_id=link,
                          description=markdown_to_plain(" ".join(s.body for s in note.sections))
                          [:300], content=body, pubdate=note.release.published_at,
                          updateddate=note.release.published_at)
    response = HttpResponse(atom.writeString("utf-8"),
                            content_type="application/atom+xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return response
