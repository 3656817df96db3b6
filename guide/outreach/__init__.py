"""Outreach: anonymous tallies of the reach work of a partner's coaches (house visits, street work, events)."""
