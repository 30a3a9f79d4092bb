"""The specialists' desk: Django's admin site, opening on the specialist's queues, with
cases first in the menu and each office's clock in the header."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils import timezone

# The order of the admin menu: the day's work first, then what supports it.
APP_ORDER = ["cases", "support_logins", "knowledgebase", "replies", "feedback", "customers",
             "superusers", "sla", "accounts", "portal", "audit"]


class DeskAdminSite(admin.AdminSite):
    site_header = "Kundcenter"
    site_title = "Kundcenter"
    index_template = "admin/desk_index.html"
    # The index and the breadcrumbs lead everywhere; the width goes to the case list.
    enable_nav_sidebar = False

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        apps = super().get_app_list(request, app_label)
        position = {label: index for index, label in enumerate(APP_ORDER)}
        return sorted(apps, key=lambda app: (position.get(app["app_label"], len(APP_ORDER)),
                                             str(app["name"])))

    def index(self, request: HttpRequest, extra_context: dict | None = None):
        context = dict(extra_context or {})
        if request.user.has_perm("cases.view_case"):
            from cases.queue import queue_views

            context["queues"] = queue_views(user=request.user, now=timezone.now())
        return super().index(request, extra_context=context)

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_active and user.is_staff:
            # Imported here: the admin site is built before the apps are ready.
            from cases.desk import desk_header

            context["desk"] = desk_header(user=user, now=timezone.now())
        return context


class DeskAdminConfig(AdminConfig):
    default_site = "kundcenter.admin_site.DeskAdminSite"
