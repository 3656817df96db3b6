"""My plan's parts that features own, in the order the page shows them after the ten steps (a panel's TOP part goes
under the title): a new feature that has something for My plan adds its panel here (see guide.web.panels)."""

from __future__ import annotations

from guide.about.views import PLAN_PANEL as ABOUT
from guide.assessment.views import PLAN_PANEL as ASSESSMENT
from guide.barriers.views import PLAN_PANEL as BARRIERS
from guide.outcomes.views import PLAN_PANEL as OUTCOMES
from guide.web.panels import PlanPanel
from guide.workshops.views import PLAN_PANEL as WORKSHOPS

PANELS: tuple[PlanPanel, ...] = (BARRIERS, ASSESSMENT, WORKSHOPS, OUTCOMES, ABOUT)
