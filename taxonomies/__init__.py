"""Bundled skill taxonomies (YAML), one folder each."""
