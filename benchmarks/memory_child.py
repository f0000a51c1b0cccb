"""One headless run through a whole course and a passed quiz; prints peak RSS as JSON.

    python memory_child.py ours DATA_DIR LOGIN
    python memory_child.py bare

Ours starts as the `somekoulutus` command does (bundled content, the data dir's database),
resumes to the first lesson, reads every lesson, takes the quiz answering everything right,
waits for the certificate to be issued, then exits. The peak of any child process it started
(the app issues certificates in one) is reported beside its own. Bare mounts one Static and exits: the
floor Textual itself needs.
"""

from __future__ import annotations

import glob
import json
import resource
import sys
import threading

SIZE = (100, 30)


def _peak_mb() -> float:
    # Linux keeps ru_maxrss across fork and exec, so a child of a big parent (the benchmark
    # runner after the registry part) would report the parent's size. VmHWM belongs to this
    # process's own address space; getrusage is the fallback elsewhere (kilobytes on Linux).
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ChildPeaks:
    """Peak RSS of this process's child processes (the app issues in one), by polling.

    VmHWM is a high-water mark, so a read at any time gives the peak so far; polling every
    few milliseconds can miss only the growth of the last moments of a child's life."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self.seen = 0
        self._pids: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.wait(0.005):
            for listing in glob.glob("/proc/self/task/*/children"):
                try:
                    with open(listing, encoding="ascii") as fh:
                        pids = fh.read().split()
                except OSError:
                    continue
                for pid in pids:
                    self._pids.add(pid)
                    try:
                        with open(f"/proc/{pid}/status", encoding="ascii") as status:
                            for line in status:
                                if line.startswith("VmHWM:"):
                                    mb = int(line.split()[1]) / 1024
                                    self.peak_mb = max(self.peak_mb, mb)
                    except OSError:
                        pass
        self.seen = len(self._pids)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


async def _course_and_quiz(pilot) -> None:
    from somekoulutus.tui.screens.lessons import LessonsScreen
    from somekoulutus.tui.screens.quiz import QuizScreen
    from somekoulutus.tui.screens.result import ResultScreen

    app = pilot.app
    report: dict = {}
    children = ChildPeaks()
    try:
        await pilot.pause()
        await pilot.press("j")  # resume: the first unread lesson
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, LessonsScreen):
            raise RuntimeError(f"expected the lessons screen, got {type(screen).__name__}")
        report["lessons"] = len(screen.course.lessons)
        for _ in screen.course.lessons:
            await pilot.press("s")  # next lesson; on the last one it marks it read
            await pilot.pause()
        await pilot.press("k")  # to the quiz
        await pilot.pause()
        if not isinstance(app.screen, QuizScreen):
            raise RuntimeError(f"expected the quiz screen, got {type(app.screen).__name__}")
        report["questions"] = len(app.screen.attempt.plan)
        while isinstance(app.screen, QuizScreen):
            quiz = app.screen
            wanted = quiz.question.correct_indexes
            for shown, yaml_index in enumerate(quiz.order, start=1):
                if yaml_index in wanted:
                    await pilot.press(str(shown))
            await pilot.press("enter")  # answer
            await pilot.pause()
            await pilot.press("enter")  # next question
            await pilot.pause()
        if not isinstance(app.screen, ResultScreen):
            raise RuntimeError(f"expected the result screen, got {type(app.screen).__name__}")
        await app.workers.wait_for_complete()  # the certificate is issued in a worker
        await pilot.pause()
        report["passed"] = bool(app.screen.result.passed)
    except Exception as exc:  # noqa: BLE001 — reported to the parent, which shows it
        report["error"] = f"{type(exc).__name__}: {exc}"
    report["peak_mb"] = round(_peak_mb(), 1)
    children.stop()
    report["child_processes"] = children.seen
    report["child_peak_mb"] = round(children.peak_mb, 1)
    print(json.dumps(report), flush=True)
    app.exit()


def run_ours(data_dir: str, login: str) -> None:
    # As the `somekoulutus` console script started without arguments (somekoulutus.console).
    import somekoulutus.console  # noqa: F401
    from somekoulutus.appcontext import AppContext
    from somekoulutus.tui.app import SomeApp

    ctx = AppContext(login=login)
    ctx.configure(data_dir, None)
    SomeApp.from_context(ctx).run(headless=True, size=SIZE, auto_pilot=_course_and_quiz)


def run_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Somekoulutus")

    async def done(pilot) -> None:
        await pilot.pause()
        print(json.dumps({"peak_mb": round(_peak_mb(), 1)}), flush=True)
        pilot.app.exit()

    Bare().run(headless=True, size=SIZE, auto_pilot=done)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    else:
        run_ours(sys.argv[2], sys.argv[3])
