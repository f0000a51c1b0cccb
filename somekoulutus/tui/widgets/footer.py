"""The footer of every screen: its keys, compact, rebuilt only when they change."""

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, compact and without the command palette's key (help lists ctrl+p).

    Textual's footer is empty when its screen is first shown and rebuilds itself (every key
    widget unmounted and mounted again, ~5 ms) for each signal that the screen's bindings may
    have changed; a screen that starts sends several in a row. The home screen took five
    rebuilds of the same four keys and two more frames to settle. This one shows the keys
    from its first frame and skips a rebuild that would show the keys it already shows.
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        # Textual's footer starts empty and fills itself at the first signal, a rebuild (and
        # a frame) later; the screen's keys are known when it is composed.
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: Hashable = None

    def compose(self) -> ComposeResult:
        """The keys as the screen has them now."""
        self._shown = self._keys()
        yield from super().compose()

    def _keys(self) -> Hashable:
        """What the footer would show now: the bindings `Footer.compose` shows, in order."""
        return tuple(
            (binding, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    async def recompose(self) -> None:
        """Rebuild the keys when they differ from those shown."""
        if not self.is_attached:
            return  # as Widget.recompose: removed before the rebuild came due
        if self._keys() != self._shown:
            await super().recompose()  # compose records the keys it shows
