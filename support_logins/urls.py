from django.urls import path

from kundcenter import converters  # noqa: F401  (registers case_number, pk)

from . import views

app_name = "support_logins"

urlpatterns = [
    path("", views.GrantListView.as_view(), name="grant_list"),
    path("cases/<case_number:number>/grant/", views.GrantCreateView.as_view(), name="grant_create"),
    path("<pk:pk>/revoke/", views.GrantRevokeView.as_view(), name="grant_revoke"),
]
