"""The language server proper: LSP messages in, the session's answers out (pygls over stdio).

Diagnostics of the edited document go out as soon as it is checked;
whole-set checks run once edits pause for ``debounceMs``, and every open
document whose diagnostics they change gets them again. Clients that pull
diagnostics (``textDocument/diagnostic``) are asked to pull again instead.
"""

from __future__ import annotations

import asyncio
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from vocheck import __version__
from vocheck.errors import VocheckError
from vocheck.lsp.protocol import Lines, path_of, to_diagnostic, uri_of
from vocheck.lsp.session import Session
from vocheck.lsp.settings import ServerSettings, parse_settings
from vocheck.lsp.transport import AnsweredRequest, BoundedInput, VocheckProtocol

F = TypeVar("F", bound=Callable[..., Any])

_WATCHED = ("**/*.yaml", "**/*.yml", "**/*.json", "**/.vocheck.toml", "**/pyproject.toml")


class VocheckServer(LanguageServer):
    """pygls' server with the session it drives."""

    def __init__(self) -> None:
        super().__init__("vocheck", __version__, protocol_cls=VocheckProtocol)
        self.session: Session | None = None
        self.settings = ServerSettings()
        self._pending: asyncio.TimerHandle | None = None
        self.pull = False

    def report_server_error(self, error: Exception, source: Any) -> None:
        # A request that did not decode has had its error response; a pop-up would say it twice.
        if isinstance(error, AnsweredRequest):
            return
        super().report_server_error(error, source)

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        super().start_io(BoundedInput(stdin if stdin is not None else sys.stdin.buffer), stdout)  # type: ignore[arg-type]

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(kind, message))

    def lines(self, name: str) -> Lines | None:
        """The lines of the text the session checked for ``name``."""
        assert self.session is not None
        text = self.session.workspace.text(name)
        if text is None:
            if name not in self.session.workspace:
                return None
            text = ""  # unreadable (binary, too large): its findings sit at the start
        codec = self.workspace.position_codec
        return Lines(text, codec.client_num_units)

    def lsp_diagnostics(self, name: str) -> list[types.Diagnostic]:
        session = self.session
        if session is None:
            return []
        lines = self.lines(name)
        if lines is None:
            return []
        link = self.settings.docs_link
        return [to_diagnostic(item, lines, link, self.lines) for item in session.diagnostics(name)]

    def publish(self, name: str) -> None:
        """Push ``name``'s diagnostics, unless the client pulls them."""
        if self.pull:
            return
        uri = uri_of(name)
        document = self.workspace.text_documents.get(uri)
        version = document.version if document is not None else None
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, self.lsp_diagnostics(name), version))

    def changed(self, name: str | None) -> None:
        """A document changed: its own diagnostics now, whole-set ones once edits pause."""
        if name is not None:
            self.publish(name)
        loop = asyncio.get_running_loop()
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.settings.debounce_ms / 1000, guarded(self, self.start_whole_set))

    def start_whole_set(self) -> None:
        self._pending = None
        asyncio.ensure_future(self.whole_set())

    async def whole_set(self) -> None:
        """Run the whole-set checks a check at a time, letting edits in between; publish what changed."""
        session = self.session
        run = session.set_run() if session is not None else None
        if session is None or run is None:
            return
        try:
            for _ in run.steps:
                await asyncio.sleep(0)
                if session.set_dirty or session is not self.session:
                    return  # an edit made the run stale: its own pause starts the next one
            changed = session.finish(run)
        except Exception as error:  # a bug must cost one update, never the server
            self.log(f"vocheck: internal error: {type(error).__name__}: {error}\n{traceback.format_exc()}", types.MessageType.Error)
            return
        for item in session.stray():
            self.log(f"vocheck: {item.code}: {item.message}", types.MessageType.Error)
        if not changed:
            return
        if self.pull:
            if _refresh_supported(self.client_capabilities):
                self.workspace_diagnostic_refresh(None)
            return
        for name in sorted(changed):
            if name in session.open:
                self.publish(name)


def _refresh_supported(capabilities: types.ClientCapabilities) -> bool:
    workspace = capabilities.workspace
    diagnostics = workspace.diagnostics if workspace is not None else None
    return bool(diagnostics is not None and diagnostics.refresh_support)


def guarded(server: VocheckServer, handler: F) -> F:
    """``handler``, with any error it raises logged to the client instead of ending the request badly."""

    @wraps(handler)
    def run(*arguments: Any) -> Any:
        try:
            return handler(*arguments)
        except Exception as error:  # a bug must cost one answer, never the server
            server.log(f"vocheck: internal error: {type(error).__name__}: {error}\n{traceback.format_exc()}", types.MessageType.Error)
            return None

    return run  # type: ignore[return-value]


def build_server() -> VocheckServer:
    """The server with every feature registered; ``start_io`` runs it."""
    server = VocheckServer()

    def feature(method: str, options: Any = None) -> Callable[[F], F]:
        def register(handler: F) -> F:
            server.feature(method, options)(guarded(server, handler))
            return handler

        return register

    @feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        try:
            server.settings = parse_settings(params.initialization_options)
        except VocheckError as error:
            server.log(f"vocheck: {error}; using the default settings", types.MessageType.Error)
        text_document = params.capabilities.text_document
        can_pull = text_document is not None and text_document.diagnostic is not None
        # Pulling alone never shows whole-set findings in files the user is not editing: the server
        # must be able to ask for a new pull when they change. Clients that pull but take no such
        # request (Neovim 0.10 and 0.11) get pushed diagnostics, and no pull capability to mix in.
        server.pull = can_pull and _refresh_supported(params.capabilities)
        if not server.pull:
            server.protocol.fm.features.pop(types.TEXT_DOCUMENT_DIAGNOSTIC, None)
            server.protocol.fm.feature_options.pop(types.TEXT_DOCUMENT_DIAGNOSTIC, None)
        roots = [path_of(folder.uri) for folder in params.workspace_folders or []]
        if not roots and server.workspace.root_path:
            roots = [server.workspace.root_path]
        if roots and os.path.isdir(roots[0]):
            # Config discovery and relative paths work as for `vocheck check` run in the first folder.
            os.chdir(roots[0])
        session = Session(server.settings, roots)
        session.load()
        server.session = session
        if session.problem is not None:
            server.log(f"vocheck: {session.problem}", types.MessageType.Error)
            server.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"vocheck: {session.problem}"))
        server.log(f"vocheck {__version__}: {len(session.workspace.names)} files in {', '.join(roots) or 'no folder'}")

    @feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        workspace = server.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is not None and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in _WATCHED]
            registration = types.Registration(
                "vocheck-watched-files",
                types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            server.client_register_capability(types.RegistrationParams([registration]))
        server.changed(None)

    @feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        name = path_of(params.text_document.uri)
        # A buffer the editor calls YAML or JSON is checked whatever its name (an unsaved one has none).
        if server.session is None or not (Session.wanted(name) or params.text_document.language_id in ("yaml", "json")):
            return
        server.session.opened(name, params.text_document.text)
        server.changed(name)

    @feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        name = path_of(params.text_document.uri)
        if server.session is None or name not in server.session.open or server.settings.on_save:
            return
        document = server.workspace.get_text_document(params.text_document.uri)
        server.session.changed(name, document.source)
        server.changed(name)

    @feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        name = path_of(params.text_document.uri)
        if server.session is None or name not in server.session.open:
            return
        document = server.workspace.get_text_document(params.text_document.uri)
        if server.session.workspace.text(name) != document.source:
            server.session.changed(name, document.source)
        server.changed(name)

    @feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        name = path_of(params.text_document.uri)
        if server.session is None or name not in server.session.open:
            return
        server.session.closed(name)
        if not server.pull:
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(params.text_document.uri, []))
        server.changed(None)

    @feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        session = server.session
        if session is None:
            return
        names = [(path_of(change.uri), change.type) for change in params.changes]
        if any(Session.is_config(name) for name, _ in names):
            session.reload()
            if session.problem is not None:
                server.log(f"vocheck: {session.problem}", types.MessageType.Error)
            for name in sorted(session.open):
                server.publish(name)
        else:
            for name, kind in names:
                if not Session.wanted(name):
                    continue
                if kind == types.FileChangeType.Deleted:
                    session.deleted(name)
                else:
                    session.on_disk(name)
        server.changed(None)

    @feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_workspace_folders(params: types.DidChangeWorkspaceFoldersParams) -> None:
        session = server.session
        if session is None:
            return
        for folder in params.event.removed:
            session.remove_root(path_of(folder.uri))
        for folder in params.event.added:
            session.add_root(path_of(folder.uri))
        for name in sorted(session.open):
            server.publish(name)
        server.changed(None)

    @feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="vocheck", inter_file_dependencies=True, workspace_diagnostics=False),
    )
    def diagnostic(params: types.DocumentDiagnosticParams) -> types.FullDocumentDiagnosticReport:
        session = server.session
        name = path_of(params.text_document.uri)
        if session is None or not (Session.wanted(name) or name in session.open):
            return types.FullDocumentDiagnosticReport(items=[])
        # A pull answers with every finding: whole-set ones are brought up to date first.
        session.recheck_set()
        return types.FullDocumentDiagnosticReport(items=server.lsp_diagnostics(name))

    from vocheck.lsp.features import register_features

    register_features(server, feature)
    return server
