from django.urls import path

from kundcenter import converters  # noqa: F401  (registers pk)

from . import views

app_name = "downloads"

urlpatterns = [
    path("", views.FileListView.as_view(), name="file_list"),
    path("<pk:pk>/file/", views.FileDownloadView.as_view(), name="file"),
]
