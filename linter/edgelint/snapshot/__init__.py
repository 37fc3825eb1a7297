"""`edgelint snapshot`: a Controller's registries and cluster, read once over its REST API into the
files `--registries` and `--cluster` read offline."""
