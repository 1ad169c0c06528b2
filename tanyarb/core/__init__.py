"""The bottom layer every other package imports: models, settings, text tools, the index store.

It imports nothing of ``ingest``, ``retriever``, ``api`` or ``bot``; the wiring that does
(``tanyarb.services``, ``tanyarb.cli``) sits above all of them.
"""
