"""Normalize stage: WordPress's stored HTML -> plain, standard HTML the converter understands."""
