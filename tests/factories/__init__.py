"""All factories, one import: ``from tests.factories import ...``. One module per app."""

from .cases import *  # noqa: F403,E402
from .core import *  # noqa: F403
from .core import PASSWORD, make_superuser  # noqa: F401
from .feedback import *  # noqa: F403
from .knowledgebase import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .replies import *  # noqa: F403
from .support_logins import *  # noqa: F403,E402
