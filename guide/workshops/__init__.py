"""Group workshops at a centre (issue 18): run by a coach or a peer helper, joined with a code, counted nameless."""
