"""A test-only URLconf: the project's URLs, with the time views mounted on CaseAdmin the way
``CaseAdmin.get_urls`` mounts them (``time_urls`` first, before the admin's catch-all), so
the views can be tested under their ``admin:`` names whether or not CaseAdmin wires them."""

from django.contrib import admin
from django.urls import include, path

from cases.admin_time import time_urls
from cases.models import Case
from kundcenter.urls import handler403, handler404, handler500  # noqa: F401
from kundcenter.urls import urlpatterns as project_urlpatterns

admin_patterns, app_name, namespace = admin.site.urls

urlpatterns = [
    path("admin/", ([path("cases/case/", include(time_urls(admin.site.get_model_admin(Case)))),
                     *admin_patterns], app_name, namespace)),
    *[pattern for pattern in project_urlpatterns if str(pattern.pattern) != "admin/"],
]
