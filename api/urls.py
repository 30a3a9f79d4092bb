from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from kundcenter import converters  # noqa: F401  (registers case_number, pk)

from . import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Redoc styles itself at run time and renders in a worker: this page alone allows that.
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
        SpectacularRedocView.as_view(url_name="api-schema")), name="api-docs"),
    path("v1/cases/", views.CaseListView.as_view(), name="api-case-list"),
    path("v1/cases/<case_number:number>/", views.CaseDetailView.as_view(), name="api-case-detail"),
    path("v1/cases/<case_number:number>/replies/", views.CaseReplyView.as_view(),
         name="api-case-reply"),
    path("v1/cases/<case_number:number>/estimate/accept/", views.EstimateAcceptView.as_view(),
         name="api-estimate-accept"),
    path("v1/attachments/<pk:pk>/", views.AttachmentView.as_view(), name="api-attachment"),
    path("v1/cases/<case_number:number>/support-logins/", views.SupportLoginGrantView.as_view(),
         name="api-support-login-grant"),
    path("v1/support-logins/", views.SupportLoginListView.as_view(), name="api-support-logins"),
    path("v1/support-logins/<pk:pk>/revoke/", views.SupportLoginRevokeView.as_view(),
         name="api-support-login-revoke"),
    path("v1/offices/", views.OfficeListView.as_view(), name="api-offices"),
    path("v1/sla-summary/", views.SlaSummaryView.as_view(), name="api-sla-summary"),
    path("v1/faq/", views.FaqSearchView.as_view(), name="api-faq-search"),
    path("v1/faq/<pk:pk>/", views.FaqArticleView.as_view(), name="api-faq-article"),
    path("v1/releases/", views.ReleaseListView.as_view(), name="api-releases"),
    path("v1/releases/unread/", views.UnreadReleasesView.as_view(), name="api-releases-unread"),
    path("v1/staff/queues/", views.QueueListView.as_view(), name="api-staff-queues"),
    path("v1/staff/queues/<choice_key:queue>/", views.QueueCasesView.as_view(), name="api-staff-queue"),
    re_path(r"^", views.not_found),
]
