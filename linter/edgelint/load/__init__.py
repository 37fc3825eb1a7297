"""Stage 1, load: bytes to text (source), YAML to nodes with exact spans (loader, nodes,
scalars, sourcemap), read the way the target's CLI and Controller read it (readers,
resolvers, typed)."""
