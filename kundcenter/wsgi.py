from django.core.wsgi import get_wsgi_application

from kundcenter.settings import settings_module_default

settings_module_default()  # production unless DJANGO_SETTINGS_MODULE says otherwise

application = get_wsgi_application()
