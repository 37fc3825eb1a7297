"""Stage 4, fix: splice the fixes into the original text and verify them (splice), write the
file atomically without following links out of the tree (atomic)."""
