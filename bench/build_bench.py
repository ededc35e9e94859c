"""Build benchmarks: cold build, rebuilds, check, memory, output size, against a naive baseline.

    python bench/build_bench.py [--services 1000] [--languages en,bn,gu,pl,so,ur] [--seed 1]
                                [--runs 3] [--workdir DIR [--reuse]] [--json [FILE]] [--profile]
                                [--skip-rebuilds]

It generates a catalogue (bench/generate.py), then, `--runs` times, runs the real command line
in a child process of its own (through bench/instrumented.py, which times the pipeline's stages)
and measures, each run:

    cold build          `catalogue build` into an empty folder
    no-op rebuild       `catalogue build` again, nothing changed
    edit one service    the summary of one service changed, then `catalogue build`
    edit one template   a comment added to service.html, then `catalogue build`
    check               `catalogue check` (load + validate, what editors run most)
    naive baseline      bench/naive_baseline.py rendering as many pages as the cold build made

The cold build starts with an empty cache folder; the rebuilds are incremental (the state the
previous build left in the cache), as an editor's are. Each figure is
the median of the runs, and is also given as a ratio to the naive baseline of the same run
(times: ours / naive, lower is better; pages per second: ours / naive, higher is better), since
absolute times on a shared machine are noisy. Peak RSS is each child's own (`os.wait4`).

The templates are a copy of `templates/` in the work folder (so editing one touches nothing of
the project's), passed with `--templates`; the Whoosh cache of `catalogue search` goes to the
work folder too. `--profile` adds one cold build under pyinstrument and writes the profile to
the work folder (`profile.txt`) and its top to the output.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from build_report import COMMANDS, FIGURES, profile_top, report_text, stage_table  # noqa: E402
from instrumented import STAGE_NAMES  # noqa: E402

TEMPLATES = REPO / "templates"
EDITED_TEMPLATE = "service.html"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- running children ------------------------------------------------------------------------

@dataclass
class Child:
    seconds: float  # wall clock
    cpu: float  # user + system CPU seconds: what the work cost, whatever else the machine did
    rss_mib: float
    status: int
    stdout: str
    stderr: str
    stages: dict[str, tuple[float, float]]


def run_child(argv: list[str], work: Path, stages_file: Path | None = None) -> Child:
    """Run `argv` in a child process; wall time, its own peak RSS, exit status and output."""
    out, err = work / "child.out", work / "child.err"
    if stages_file is not None:
        stages_file.unlink(missing_ok=True)
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        process = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, stdout.fileno(), 1), (os.POSIX_SPAWN_DUP2, stderr.fileno(), 2)])
        _, wait_status, usage = os.wait4(process, 0)
        seconds = time.perf_counter() - started
    stages = {}  # stage → (wall, CPU) seconds
    if stages_file is not None and stages_file.is_file():
        data = json.loads(stages_file.read_text())
        stages = {name: (wall, data["cpu"].get(name, 0.0)) for name, wall in data["seconds"].items()}
    return Child(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                 os.waitstatus_to_exitcode(wait_status),
                 out.read_text(errors="replace"), err.read_text(errors="replace"), stages)


def catalogue(work: Path, *command: str, profile: Path | None = None) -> Child:
    """`catalogue <command>` through bench/instrumented.py (stage times, optional profile)."""
    stages = work / "stages.json"
    argv = [sys.executable, str(HERE / "instrumented.py"), "--stages", str(stages)]
    if profile is not None:
        argv += ["--profile", str(profile)]
    child = run_child(argv + ["--", *command], work, stages)
    if child.status not in (0, 1) or (command[0] == "build" and child.status != 0):
        raise SystemExit(f"catalogue {' '.join(command)} failed ({child.status}):\n"
                         f"{child.stdout[-2000:]}{child.stderr[-4000:]}")
    return child


def build(work: Path, content: Path, profile: Path | None = None) -> Child:
    return catalogue(work, "build", "--content", str(content), "--out", str(work / "site"),
                     "--templates", str(work / "templates"), "--cache", str(work / "cache"),
                     profile=profile)


def pages_built(child: Child) -> int:
    for line in child.stdout.splitlines():
        if line.startswith("Built ") and line.split()[1].isdigit():
            return int(line.split()[1])
    raise SystemExit(f"no 'Built N pages' line in the build's output:\n{child.stdout}")


def pages_rendered(child: Child, pages: int) -> int:
    """How many pages a build rendered: all of a full build, the changed ones of a rebuild."""
    for line in child.stdout.splitlines():
        if line.startswith("Nothing changed since the last build"):
            return 0
        if line.startswith("Built "):
            found = re.search(r"; ([\d,]+) pages rendered", line)
            return int(found[1].replace(",", "")) if found else pages
    raise SystemExit(f"no 'Built' or 'Nothing changed' line in the build's output:\n{child.stdout}")


# --- measuring the output --------------------------------------------------------------------

def folder_bytes(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


def search_index_sizes(site: Path) -> dict[str, dict[str, int]]:
    """Per language: files, bytes and gzip bytes (each file on its own, level 6) of search/<lang>/."""
    sizes = {}
    root = site / "search"
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        raw = gz = files = 0
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            raw += len(data)
            gz += len(gzip.compress(data, compresslevel=6, mtime=0))
            files += 1
        sizes[folder.name] = {"files": files, "bytes": raw, "gzip": gz}
    return sizes


# --- edits -----------------------------------------------------------------------------------

class Edit:
    """Change a file for one measurement and put it back exactly as it was afterwards."""

    def __init__(self, path: Path, change):
        self.path = path
        self.original = path.read_bytes()
        self.change = change

    def __enter__(self) -> Edit:
        self.path.write_text(self.change(self.original.decode("utf-8")), encoding="utf-8")
        return self

    def __exit__(self, *exc) -> None:
        self.path.write_bytes(self.original)


def edited_summary(text: str) -> str:
    """The service with one more sentence in its summary (a one-line change, as an editor makes)."""
    import yaml

    summary = yaml.safe_load(text)["summary"] + " Edited for the benchmark."
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("summary: "):  # a JSON string is a YAML double-quoted scalar
            lines[i] = f"summary: {json.dumps(summary, ensure_ascii=False)}\n"
            return "".join(lines)
    raise SystemExit("no 'summary:' line in the service edited by the benchmark")


def edited_template(text: str) -> str:
    return text.rstrip("\n") + "\n{# edited for the benchmark #}<!-- edited -->\n"


def service_to_edit(content: Path) -> Path:
    """A service in the middle of the catalogue (sorted by file name), the same every run."""
    services = sorted(p for p in (content / "services").glob("*.yaml") if "." not in p.stem)
    return services[len(services) // 2]


# --- one run ---------------------------------------------------------------------------------

TIMED = {"cold": "cold_build_s", "noop": "noop_rebuild_s", "edit_service": "edit_service_rebuild_s",
         "edit_template": "edit_template_rebuild_s", "check": "check_s"}


def one_run(number: int, work: Path, content: Path,
            rebuilds: bool = True) -> tuple[dict[str, float], dict, dict]:
    """Every measurement once: (figures, naive baseline result, stage times of each command)."""
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(work / "cache", ignore_errors=True)
    log(f"run {number}: cold build ...")
    cold = build(work, content)
    pages = pages_built(cold)
    output_bytes, files = folder_bytes(site)
    log(f"    {cold.seconds:.1f} s (CPU {cold.cpu:.1f} s), {pages:,} pages, {files:,} files, "
        f"{cold.rss_mib:,.0f} MiB")
    commands = {"cold": cold}
    if rebuilds:
        log(f"run {number}: no-op rebuild ...")
        commands["noop"] = build(work, content)
        log(f"    {commands['noop'].seconds:.1f} s (CPU {commands['noop'].cpu:.1f} s)")
        log(f"run {number}: rebuild after editing one service ...")
        with Edit(service_to_edit(content), edited_summary):
            commands["edit_service"] = build(work, content)
        log(f"    {commands['edit_service'].seconds:.1f} s "
            f"(CPU {commands['edit_service'].cpu:.1f} s)")
        log(f"run {number}: rebuild after editing one template ...")
        with Edit(work / "templates" / EDITED_TEMPLATE, edited_template):
            commands["edit_template"] = build(work, content)
        log(f"    {commands['edit_template'].seconds:.1f} s "
            f"(CPU {commands['edit_template'].cpu:.1f} s)")
    log(f"run {number}: catalogue check ...")
    check = commands["check"] = catalogue(work, "check", "--content", str(content))
    log(f"    {check.seconds:.1f} s (CPU {check.cpu:.1f} s)")
    log(f"run {number}: naive baseline, {pages:,} pages ...")
    naive_child = run_child([sys.executable, str(HERE / "naive_baseline.py"), "--content",
                             str(content), "--pages", str(pages), "--out", str(work / "naive"),
                             "--json"], work)
    if naive_child.status != 0:
        raise SystemExit(f"naive baseline failed:\n{naive_child.stderr[-4000:]}")
    naive = json.loads(naive_child.stdout)
    naive_bytes, _ = folder_bytes(work / "naive")
    naive.update(wall_s=naive_child.seconds, cpu_s=naive_child.cpu, peak_rss_mib=naive_child.rss_mib,
                 output_mb=naive_bytes / 1e6)
    log(f"    {naive_child.seconds:.1f} s (CPU {naive_child.cpu:.1f} s), "
        f"{naive_child.rss_mib:,.0f} MiB")
    figures = {"pages_per_s": pages / cold.seconds, "peak_rss_mib": cold.rss_mib,
               "output_mb": output_bytes / 1e6, "pages": pages, "files": files,
               "cpu": {"pages_per_s": pages / cold.cpu}}
    for command, key in TIMED.items():
        if command in commands:
            figures[key] = commands[command].seconds
            figures["cpu"][key] = commands[command].cpu
    figures["rendered"] = {command: pages_rendered(child, pages)
                           for command, child in commands.items() if command != "check"}
    return figures, naive, {command: child.stages for command, child in commands.items()}


def ratio(kind: str, key: str, ours: float, naive: dict, clock: str = "wall_s") -> float | None:
    """Ours over the naive baseline's (`clock`: wall_s or cpu_s): times and sizes (lower is
    better), rates (higher is better)."""
    if kind == "time":
        return ours / naive[clock]
    if kind == "rate":
        return ours / (naive["pages"] / naive[clock])
    base = naive.get(key)
    return ours / base if base else None


def median_stages(runs: list[dict[str, tuple[float, float]]]) -> dict[str, dict[str, float]]:
    """Per stage, the median wall and CPU seconds over the runs (0 in a run that lacked it)."""
    return {name: {"wall_s": statistics.median([r.get(name, (0.0, 0.0))[0] for r in runs]),
                   "cpu_s": statistics.median([r.get(name, (0.0, 0.0))[1] for r in runs])}
            for name in STAGE_NAMES if any(name in r for r in runs)}


def summarise(values: list[float]) -> dict:
    return {"median": statistics.median(values), "values": values}


# --- main ------------------------------------------------------------------------------------

def prepare(work: Path, args, languages: list[str]) -> Path:
    """Generate the catalogue (or reuse the one made with the same parameters) and templates."""
    import generate

    content = work / "content"
    params = {"services": args.services, "seed": args.seed, "languages": languages}
    stamp = work / "params.json"
    if args.reuse and stamp.is_file() and json.loads(stamp.read_text()) == params \
            and content.is_dir():
        log(f"reusing the catalogue in {content}")
    else:
        stamp.unlink(missing_ok=True)
        log(f"generating {args.services:,} services x {len(languages)} languages ...")
        started = time.perf_counter()
        counts = generate.Generator(args.services, languages, content, args.seed).run()
        log("    " + ", ".join(f"{n:,} {k}" for k, n in counts.items())
            + f" in {time.perf_counter() - started:.1f} s")
        stamp.write_text(json.dumps(params))
    shutil.rmtree(work / "templates", ignore_errors=True)
    shutil.copytree(TEMPLATES, work / "templates")
    return content


def measure(work: Path, content: Path, args, languages: list[str]) -> dict:
    runs = [one_run(n, work, content, not args.skip_rebuilds) for n in range(1, args.runs + 1)]
    figures_runs = [r[0] for r in runs]
    naive_runs = [r[1] for r in runs]
    figures = {}
    for key, _, unit, kind in FIGURES:
        if key not in figures_runs[0]:
            continue  # --skip-rebuilds
        values = [f[key] for f in figures_runs]
        ratios = [ratio(kind, key, f[key], naive)
                  for f, naive in zip(figures_runs, naive_runs, strict=True)]
        known = [r for r in ratios if r is not None]
        figures[key] = {**summarise(values), "unit": unit,
                        "ratio_to_naive": statistics.median(known) if known else None}
        if key in figures_runs[0]["cpu"]:
            cpu_values = [f["cpu"][key] for f in figures_runs]
            cpu_ratios = [ratio(kind, key, f["cpu"][key], naive, "cpu_s")
                          for f, naive in zip(figures_runs, naive_runs, strict=True)]
            figures[key]["cpu"] = {**summarise(cpu_values),
                                   "ratio_to_naive": statistics.median(cpu_ratios)}
    stages = {command: median_stages([r[2][command] for r in runs]) for command in COMMANDS
              if command in runs[0][2]}
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_start": ", ".join(f"{x:.1f}" for x in os.getloadavg())},
        "catalogue": {"services": args.services, "languages": languages, "seed": args.seed},
        "runs": args.runs,
        "pages": figures_runs[-1]["pages"], "files": figures_runs[-1]["files"],
        "figures": figures,
        "rendered": figures_runs[-1]["rendered"],  # pages each build rendered (the same each run)
        "naive": {"wall_s": summarise([n["wall_s"] for n in naive_runs]),
                  "cpu_s": summarise([n["cpu_s"] for n in naive_runs]),
                  "pages_per_s": summarise([n["pages"] / n["wall_s"] for n in naive_runs]),
                  "pages_per_cpu_s": summarise([n["pages"] / n["cpu_s"] for n in naive_runs]),
                  "peak_rss_mib": summarise([n["peak_rss_mib"] for n in naive_runs]),
                  "output_mb": summarise([n["output_mb"] for n in naive_runs])},
        "stages": stages["cold"],
        "stages_by_command": stages,
        "search_index": search_index_sizes(work / "site"),
    }


def profile(work: Path, content: Path) -> dict:
    """One cold build under pyinstrument: its stages and the top of its profile."""
    shutil.rmtree(work / "site", ignore_errors=True)
    shutil.rmtree(work / "cache", ignore_errors=True)
    log("profiled cold build (pyinstrument) ...")
    path = work / "profile.txt"
    child = build(work, content, profile=path)
    # the profile names files by absolute path: keep machine-specific folders out of it
    text = path.read_text(encoding="utf-8").replace(str(work), "WORKDIR").replace(str(REPO), ".")
    path.write_text(text, encoding="utf-8")
    log(f"    {child.seconds:.1f} s; profile in {path}")
    stages = {name: {"wall_s": wall, "cpu_s": cpu} for name, (wall, cpu) in child.stages.items()}
    return {"seconds": child.seconds, "cpu_s": child.cpu, "stages": stages, "file": str(path),
            "top": profile_top(path.read_text(encoding="utf-8"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=1000, help="how many services (1000)")
    parser.add_argument("--languages", default="en,bn,gu,pl,so,ur",
                        help="comma-separated, the source language first (en,bn,gu,pl,so,ur)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs; each figure is the median (3)")
    parser.add_argument("--workdir", type=Path,
                        help="keep the catalogue, sites and profile here (default: a temporary "
                        "folder, deleted)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --workdir: reuse the catalogue generated there by an earlier "
                        "run with the same --services, --seed and --languages")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="also write the figures as JSON to FILE; without FILE, print the "
                        "JSON on stdout and the table on stderr")
    parser.add_argument("--skip-rebuilds", action="store_true",
                        help="measure the cold build, check and baseline only (today a rebuild "
                        "is a full build: this saves three builds a run on big catalogues)")
    parser.add_argument("--profile", action="store_true",
                        help="add a cold build under pyinstrument; print the top of the profile")
    args = parser.parse_args(argv)
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    if args.services < 1 or not languages:
        parser.error("need at least one service and one language")
    if args.runs < 0 or (args.runs == 0 and not args.profile):
        parser.error("--runs must be at least 1 (or 0 with --profile)")
    if args.reuse and not args.workdir:
        parser.error("--reuse needs --workdir")

    work = args.workdir or Path(tempfile.mkdtemp(prefix="cc-build-bench-"))
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    log(f"work folder: {work} (cpus: {os.cpu_count()}, load average: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    try:
        content = prepare(work, args, languages)
        result = measure(work, content, args, languages) if args.runs else {}
        if args.profile:
            result["profile"] = profile(work, content)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    text = report_text(result) if args.runs else ""
    if args.profile:
        p = result["profile"]
        where = p["file"] if args.workdir else "deleted with the temporary work folder"
        text += (f"\n\nProfiled cold build (pyinstrument adds overhead): {p['seconds']:.1f} s, "
                 f"CPU {p['cpu_s']:.1f} s\n{stage_table(p['stages'])}\n\n"
                 f"Top of the profile ({where}):\n{p['top']}")
    text = text.strip("\n")
    if args.json == "-":
        print(text, file=sys.stderr)
        print(json.dumps(result, indent=1))
    else:
        print(text)
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
