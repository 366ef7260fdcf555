"""Bundled example postings and résumés used by ``skillmatch demo``."""
