"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

Shown = tuple[tuple[object, ...], ...]


class Footer(TextualFooter):
    """Textual's footer, without its repeated rebuilds.

    Textual's footer removes and mounts all its keys again after every change of the
    screen's bindings, even when the keys shown stay the same: five times while the home
    screen starts (push, resume, focus...), each time styling every key three times. This
    one coalesces the changes of one refresh into one check, and rebuilds only when the
    keys, their descriptions or whether they are enabled have changed.
    """

    _shown: Shown | None = None
    _check_pending = False

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._keys_shown() != self._shown:
            await self.recompose()

    def _keys_shown(self) -> Shown:
        """What `compose` takes from the screen's active bindings: the shown ones and the
        command palette's key (hidden bindings, such as a focused list's, do not count)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, b.key, b.action, b.description, b.group, b.tooltip, enabled, tooltip)
            for key, (_node, b, enabled, tooltip) in self.screen.active_bindings.items()
            if b.show or key == palette
        )
