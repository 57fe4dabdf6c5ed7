"""German → English bilingual translation and summaries of news articles."""

__version__ = "0.1.0"
