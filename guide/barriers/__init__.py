"""Barriers: what stands in the way of work, as the job seeker sees it, and what they would like help with."""
