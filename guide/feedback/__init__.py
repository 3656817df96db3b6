"""Feedback from readers: "Was this clear?" at the end of each step and of the self-assessment, for the editors."""
