"""Run one `catalogue` command with the build's stages timed, and optionally profiled.

    python bench/instrumented.py --stages FILE [--profile FILE] -- build --content DIR --out DIR

`bench/build_bench.py` runs every build and check through this script, in a child process of
its own (so its peak RSS is that command's alone). The command is the real `catalogue` command
line (`directory.cli.main`); this script only wraps, in its own process, the functions the
pipeline calls, and writes to `--stages` how long each took in JSON. Times are *exclusive*: a
write made while building the feeds counts as "write", not "feeds", so the stages add up to the
build. Wrapping costs a few microseconds a call; a function that no longer exists (the pipeline
changed) is skipped and its time falls into "other".

With `--profile FILE`, the whole command also runs under pyinstrument and the profile (the call
tree, then the functions with the most time of their own) is written to FILE as text.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# (module, attribute, stage). "Class.method" patches a method on the class. Order is the order
# of the pipeline, and the order the stages are printed in.
STAGES: list[tuple[str, str, str]] = [
    ("directory.incremental", "scan_inputs", "scan inputs (incremental)"),
    ("directory.pipeline", "load_catalogue", "load + validate"),
    ("directory.pipeline", "find_duplicates", "duplicates"),
    ("directory.pipeline", "plan_site", "plan"),
    ("directory.incremental", "Tracker.carried", "page signatures (incremental)"),
    # Its CPU time is the parent's alone when pages render in worker processes (render_parallel):
    # the workers' CPU shows in the build's total, their wall time here.
    ("directory.builders.site", "render_pages", "render pages"),
    ("directory.write", "SiteWriter.write", "write"),
    ("directory.write", "SiteWriter.keep", "keep unchanged files (incremental)"),
    ("directory.builders.site", "sitemap_files", "sitemap"),
    ("directory.builders.site", "write_feeds", "feeds"),
    ("directory.builders.site", "build_browser_index", "browser search index"),
    # Large catalogues index their languages in worker processes (derived_parallel): the
    # parent's wall time waiting for them.
    ("directory.builders.site", "make_groups", "browser search index, in workers"),
    ("directory.builders.site", "write_shortlist_data", "shortlist data"),
    ("directory.builders.site", "build_openreferral", "open data"),
    ("directory.write", "SiteWriter.commit", "swap in"),
    ("directory.pipeline", "build_whoosh_index", "whoosh index (.cache)"),
]
STAGE_NAMES = [stage for _, _, stage in STAGES] + ["other"]
GENERATOR_STAGES = {"render pages", "browser search index, in workers", "sitemap"}


class Timer:
    """Exclusive time per stage, wall clock and CPU: a stage called inside another is taken out
    of the outer one."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        # per open stage: [wall started, CPU started, wall in inner stages, CPU in inner stages]
        self._stack: list[list[float]] = []

    def enter(self) -> None:
        self._stack.append([time.perf_counter(), time.process_time(), 0.0, 0.0])

    def leave(self, stage: str) -> None:
        wall_started, cpu_started, wall_inner, cpu_inner = self._stack.pop()
        wall = time.perf_counter() - wall_started
        cpu = time.process_time() - cpu_started
        self.seconds[stage] = self.seconds.get(stage, 0.0) + wall - wall_inner
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu - cpu_inner
        if self._stack:
            self._stack[-1][2] += wall
            self._stack[-1][3] += cpu

    def wrap(self, function: Callable, stage: str) -> Callable:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            self.enter()
            try:
                return function(*args, **kwargs)
            finally:
                self.leave(stage)
        return timed

    def wrap_generator(self, function: Callable, stage: str) -> Callable:
        """Time only the generator's own steps, not what its caller does between them."""
        @functools.wraps(function)
        def timed(*args, **kwargs) -> Iterator:
            iterator = iter(function(*args, **kwargs))
            while True:
                self.enter()
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    self.leave(stage)
                yield item
        return timed


def install(timer: Timer) -> list[str]:
    """Wrap every stage function that exists; return the stages that could not be found."""
    missing = []
    for module_name, attribute, stage in STAGES:
        try:
            owner = importlib.import_module(module_name)
        except ImportError:
            missing.append(stage)
            continue
        *classes, name = attribute.split(".")
        for class_name in classes:
            owner = getattr(owner, class_name, None)
        function = getattr(owner, name, None) if owner is not None else None
        if function is None:
            missing.append(stage)
            continue
        generator = stage in GENERATOR_STAGES
        setattr(owner, name, (timer.wrap_generator if generator else timer.wrap)(function, stage))
    return missing


def profile_text(profiler) -> str:
    """The call tree (hidden library frames collapsed), then the flat list of own time."""
    from pyinstrument.renderers import ConsoleRenderer

    session = profiler.last_session
    tree = ConsoleRenderer(unicode=True, color=False, short_mode=False).render(session)
    flat = ConsoleRenderer(unicode=True, color=False, flat=True).render(session)
    return ("== Call tree ==\n" + tree + "\n== Own time per function (flat) ==\n" + flat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stages", type=Path, required=True, help="write stage times here (JSON)")
    parser.add_argument("--profile", type=Path, help="also profile with pyinstrument; text here")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then a catalogue command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    started, cpu_started = time.perf_counter(), time.process_time()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    timer = Timer()
    missing = install(timer)
    from directory.cli import main as catalogue

    status = 0
    try:
        catalogue(command, prog_name="catalogue", standalone_mode=False)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        total = time.perf_counter() - started
        cpu_total = time.process_time() - cpu_started
        if profiler is not None:
            profiler.stop()
            args.profile.write_text(profile_text(profiler), encoding="utf-8")
        seconds = {stage: timer.seconds[stage] for stage in STAGE_NAMES if stage in timer.seconds}
        seconds["other"] = total - sum(seconds.values())
        cpu = {stage: timer.cpu[stage] for stage in STAGE_NAMES if stage in timer.cpu}
        cpu["other"] = cpu_total - sum(cpu.values())
        args.stages.write_text(json.dumps({"seconds": seconds, "cpu": cpu, "total": total,
                                           "cpu_total": cpu_total, "missing": missing},
                                          indent=1), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
