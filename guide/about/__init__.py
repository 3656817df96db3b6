"""About you (issue 15): the optional age band and gender some funders count, asked only where a partner asks."""
