from django.urls import path

from . import views

app_name = "knowledgebase"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("<int:pk>/", views.article_detail, name="article"),
    path("<int:pk>/vote/", views.vote, name="vote"),
]
