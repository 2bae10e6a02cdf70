"""``vocheck lsp``: a language server that keeps a workspace checked as files change.

Only ``server`` and ``protocol`` talk LSP (through pygls and lsprotocol, the
optional ``vocheck[lsp]`` extra); the rest is plain Python over the engine,
so nothing here is imported by ``vocheck check``.
"""
