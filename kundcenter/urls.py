from django.contrib import admin
from django.urls import include, path

from accounts.forms_auth import AdminLoginForm
from portal import views as portal_views

admin.site.site_header = "Kundcenter"
admin.site.site_title = "Kundcenter"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("portal/", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("superusers/", include("superusers.urls")),
    path("", include("sla.urls")),
    path("cases/", include("cases.urls")),
    path("support-logins/", include("support_logins.urls")),
    path("faq/", include("knowledgebase.urls")),
    path("feedback/", include("feedback.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    path("academy/", include("academy.urls")),
    path("trainings/", include("trainings.urls")),
    path("downloads/", include("downloads.urls")),
    path("services/", include("catalogue.urls")),
    path("accounts/tokens/", include("api.token_urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("", include("ops.urls")),
    # Browsers ask for /favicon.ico whatever the page says; answer with the SVG icon.
    path("favicon.ico", portal_views.favicon),
]

handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
