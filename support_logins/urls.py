from django.urls import path

from . import views

app_name = "support_logins"

urlpatterns = [
    path("", views.GrantListView.as_view(), name="grant_list"),
    path("cases/<str:number>/grant/", views.GrantCreateView.as_view(), name="grant_create"),
    path("<int:pk>/revoke/", views.GrantRevokeView.as_view(), name="grant_revoke"),
]
