"""The footer of every screen: its keys, compact, rebuilt only when they change."""

from collections.abc import Hashable

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, compact and without the command palette's key (help lists ctrl+p).

    Textual rebuilds the footer (every key widget unmounted and mounted again, ~5 ms) for each
    signal that the screen's bindings may have changed, and a screen that starts sends several
    in a row: five rebuilds of the same keys before the home screen settled. Here a rebuild
    that would show the same keys as the footer already does is skipped.
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Hashable = None

    def _keys(self) -> Hashable:
        """What the footer would show now: the bindings `Footer.compose` reads."""
        return tuple(
            (binding, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )

    async def recompose(self) -> None:
        """Rebuild the keys when they differ from those shown."""
        if not self.is_attached:
            return  # as Widget.recompose: removed before the rebuild came due
        keys = self._keys() if self._bindings_ready else None
        if keys is not None and keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
