"""Partners, regions and centres as data: the files in content/ are the base, rows here add or override."""
