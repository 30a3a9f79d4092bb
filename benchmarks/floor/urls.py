from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<str:number>/", views.case_detail, name="case_detail"),
    path("admin/", admin.site.urls),
]
