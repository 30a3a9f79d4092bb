# Placeholder: replaced by the knowledge-base work (issue 6).
from django.http import HttpResponse
from django.urls import path

app_name = "knowledgebase"
urlpatterns = [path("", lambda request: HttpResponse("FAQ"), name="home")]
