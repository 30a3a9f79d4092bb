from django.urls import path

from . import views

app_name = "superusers"

urlpatterns = [
    path("company/", views.CompanyOverviewView.as_view(), name="company"),
]
