from django.urls import path

from kundcenter import converters  # noqa: F401  (registers pk)

from . import views

app_name = "knowledgebase"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("<pk:pk>/", views.article_detail, name="article"),
    path("<pk:pk>/vote/", views.vote, name="vote"),
]
