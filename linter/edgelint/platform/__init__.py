"""What the files are held to: the targets (a CLI and a Controller each), the kinds they
deploy, the registry snapshot, and the JSON Schemas (lint's, and the editors')."""
