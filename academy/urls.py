from django.urls import path

import academy.converters  # noqa: F401  (registers feed_token)
import kundcenter.converters  # noqa: F401  (registers pk)

from . import views

app_name = "academy"

urlpatterns = [
    path("", views.ReleaseListView.as_view(), name="home"),
    path("releases/<pk:pk>/", views.ReleaseDetailView.as_view(), name="release_detail"),
    path("resources/", views.ResourceListView.as_view(), name="resource_list"),
    path("resources/<pk:pk>/file/", views.ResourceDownloadView.as_view(),
         name="resource_download"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("wishes/", views.WishView.as_view(), name="wishes"),
    path("feed/", views.FeedSettingsView.as_view(), name="feed_settings"),
    path("feed/<pk:pk>/revoke/", views.FeedTokenRevokeView.as_view(), name="feed_token_revoke"),
    path("feed/<feed_token:token>.atom", views.feed, name="feed"),
]
