"""What happened next (issue 15): the outcomes a job seeker records, and the check-ins after a job starts."""
