from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("seat-request/", views.seat_request_create, name="seat_request"),
]
