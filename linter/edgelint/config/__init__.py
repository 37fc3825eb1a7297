"""Which rules apply to a file: configuration files (files), the nearest one per file
(project), rule selection, the settings one file is checked with, suppression comments."""
