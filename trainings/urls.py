from django.urls import path

from kundcenter import converters  # noqa: F401  (registers pk)

from . import views

app_name = "trainings"

urlpatterns = [
    path("", views.SessionListView.as_view(), name="session_list"),
    path("sessions/<pk:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<pk:pk>/book/", views.SessionBookView.as_view(), name="session_book"),
    path("bookings/", views.BookingListView.as_view(), name="booking_list"),
    path("bookings/<pk:pk>/cancel/", views.BookingCancelView.as_view(), name="booking_cancel"),
    path("bookings/<pk:pk>/calendar.ics", views.BookingCalendarView.as_view(),
         name="booking_ics"),
]
