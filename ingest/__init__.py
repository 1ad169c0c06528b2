"""Ingest: load regulations (text, Markdown, PDF), parse their structure, chunk, embed, index."""
