from django.urls import path

from kundcenter import converters  # noqa: F401  (registers case_number, pk)

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("service-levels/", views.SlaSummaryView.as_view(), name="sla_summary"),
    path("new/", views.CaseCreateView.as_view(), name="case_create"),
    path("export.csv", views.CaseExportView.as_view(), name="case_export"),
    path("attachments/<pk:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("new/promise/", views.PromiseView.as_view(), name="promise"),
    path("<case_number:number>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("<case_number:number>/reply/", views.CaseReplyView.as_view(), name="case_reply"),
    path("<case_number:number>/move/", views.CaseTransitionView.as_view(), name="case_transition"),
    path("<case_number:number>/close/", views.CaseCloseConfirmView.as_view(),
         name="case_close_confirm"),
    path("<case_number:number>/rating/", views.CaseRatingView.as_view(), name="case_rating"),
    path("<case_number:number>/follow-up/", views.CaseFollowUpCreateView.as_view(),
         name="case_follow_up"),
    path("<case_number:number>/estimate/accept/", views.EstimateAcceptView.as_view(),
         name="estimate_accept"),
]
