"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

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

    def __init__(self, *children: Widget, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        # Textual's footer is empty until the first bindings change after a refresh, then
        # mounts its keys, which takes another refresh. The screen's keys are known when
        # the footer is composed; a later change rebuilds it as usual.
        self.set_reactive(TextualFooter._bindings_ready, True)

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A key starts compact and is then bound to the footer's (normal) style:
                # two class changes that restyle it twice when mounted. Start it as bound.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

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
