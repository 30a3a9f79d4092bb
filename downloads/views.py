from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from superusers.access import CustomerMemberRequiredMixin

from . import selectors
from .downloads import version_download_response


class FileListView(CustomerMemberRequiredMixin, TemplateView):
    template_name = "downloads/file_list.html"

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs),
                "products": selectors.product_downloads_for_user(
                    user=self.request.user, today=timezone.localdate())}


class FileDownloadView(CustomerMemberRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        version = selectors.version_get_for_user(user=request.user, pk=pk,
                                                 today=timezone.localdate())
        return version_download_response(request, version)
