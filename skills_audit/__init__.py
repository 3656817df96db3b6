"""The competence framework, scoring and the employer skills-needs audit. Never imports guide's web layer."""
