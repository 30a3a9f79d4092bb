from celery import Celery

from kundcenter.settings import settings_module_default

# Before the app exists: Celery installs its Django fix-up only when the variable is set.
# Production unless DJANGO_SETTINGS_MODULE says otherwise (local under manage.py).
settings_module_default()

app = Celery("kundcenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
