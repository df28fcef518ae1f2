"""What the inspection pages let the apps above them plug in (registered in their AppConfig.ready(); see
core.registry). `inspections` knows nothing of those apps: it only names the places.

Slots:

- "inspections.case.facts": extra <dt>/<dd> rows of a case's record, drawn for the holders of the case file. A panel
  reads only what it needs for the case it is given (the petitions app: the denunciations a case on signs of
  violation was opened from, and only for that type, so the page's fixed query count holds).
- "inspections.decision.main": panels of a discipline decision's page, beside its record (the petitions app: the
  complaints lodged against the decision).
"""

from core.registry import Slot

case_facts = Slot("inspections.case.facts", "Extra <dt>/<dd> rows of a case's record; context(request, case).")
decision_main = Slot("inspections.decision.main", "Panels of a discipline decision's page; context(request, decision).")
