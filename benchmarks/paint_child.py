"""A baseline app started in a real terminal, for part_paint (which reads the terminal).

    python paint_child.py bare
    python paint_child.py comparable ROWS

The same apps as startup_child.py, run the normal way (not headless) with the same
garbage-collector treatment as `somekoulutus`. The parent stops it once the first screen
is painted.
"""

from __future__ import annotations

import gc
import sys

from startup_child import bare_app, comparable_app

if __name__ == "__main__":
    app = bare_app() if sys.argv[1] == "bare" else comparable_app(int(sys.argv[2]))
    gc.freeze()  # ours freezes the collector once its app is built (SomeApp.from_context)
    app.run()
