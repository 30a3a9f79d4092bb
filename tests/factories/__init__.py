"""All factories, one import: ``from tests.factories import ...``. One module per app."""

from .core import *  # noqa: F403
from .core import PASSWORD, make_superuser  # noqa: F401
from .cases import *  # noqa: F403,E402
