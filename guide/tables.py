"""Every feature's tables, imported so that the metadata (migrations, tests) knows them all."""

from guide.about import models as about  # noqa: F401
from guide.assessment import models as assessment  # noqa: F401
from guide.barriers import models as barriers  # noqa: F401
from guide.content import models as content  # noqa: F401
from guide.core import models as core  # noqa: F401
from guide.directory import models as directory  # noqa: F401
from guide.feedback import models as feedback  # noqa: F401
from guide.journeys import models as journeys  # noqa: F401
from guide.listen import models as listen  # noqa: F401
from guide.outcomes import models as outcomes  # noqa: F401
from guide.outreach import models as outreach  # noqa: F401
from guide.places import models as places  # noqa: F401
from guide.profile import models as profile  # noqa: F401
from guide.sessions import models as sessions  # noqa: F401
from guide.sharing import models as sharing  # noqa: F401
from guide.staff import models as staff  # noqa: F401
from guide.workshops import models as workshops  # noqa: F401
from skills_audit import models as skills_audit  # noqa: F401
