"""Read stage: exports and Markdown files -> typed records (see ``wpmigrate.model``)."""
