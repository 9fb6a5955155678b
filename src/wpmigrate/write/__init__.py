"""Write stage: converted pages -> files of a Hugo site, atomically."""
