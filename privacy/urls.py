from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.json", views.export_json, name="export_json"),
    path("export.zip", views.export_zip, name="export_zip"),
    path("erasure/", views.erasure_request_view, name="erasure_request"),
    path("people/<int:user_id>/", views.person_overview, name="person_overview"),
    path("people/<int:user_id>/export.json", views.person_export_json, name="person_export_json"),
    path("people/<int:user_id>/export.zip", views.person_export_zip, name="person_export_zip"),
]
