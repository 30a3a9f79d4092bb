"""The project's URLs with the reply tools wired into the case admin as CaseAdmin.get_urls
will wire them: before the case admin's own URLs, in the admin namespace."""

from django.contrib import admin
from django.urls import include, path

from cases.models import Case
from kundcenter.urls import urlpatterns as project_urlpatterns
from replies.admin_views import reply_tool_urls

_admin_urls = [path("cases/case/", include(reply_tool_urls(admin.site._registry[Case]))),
               *admin.site.get_urls()]

# First, so that reversing "admin:..." finds this admin (the project's comes later).
urlpatterns = [path("admin/", (_admin_urls, "admin", admin.site.name)), *project_urlpatterns]
