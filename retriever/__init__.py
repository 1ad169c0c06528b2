"""Retriever: query understanding, region detection, hybrid search and grounded answers."""
