"""The build benchmark's report: the figures it prints, as a table (bench/build_bench.py)."""

from __future__ import annotations

from instrumented import STAGE_NAMES

PROFILE_TREE, PROFILE_FLAT = 90, 45  # lines of the profile printed

FIGURES = [  # key, label, unit, how it compares with the naive baseline
    ("cold_build_s", "cold full build", "s", "time"),
    ("pages_per_s", "pages per second", "pages/s", "rate"),
    ("noop_rebuild_s", "no-op rebuild", "s", "time"),
    ("edit_service_rebuild_s", "rebuild after editing one service", "s", "time"),
    ("edit_template_rebuild_s", "rebuild after editing one template", "s", "time"),
    ("check_s", "catalogue check (load + validate)", "s", "time"),
    ("peak_rss_mib", "peak RSS, cold build", "MiB", "size"),
    ("output_mb", "output size", "MB", "size"),
]


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if value < 100 else f"{value:,.0f}"


def report_text(result: dict) -> str:
    c, m = result["catalogue"], result["machine"]
    lines = [f"Build benchmark, {result['date']}: {c['services']:,} services x "
             f"{len(c['languages'])} languages ({','.join(c['languages'])}), seed {c['seed']}; "
             f"{result['pages']:,} pages, {result['files']:,} files",
             f"machine: {m['cpus']} CPUs, load average at start {m['load_average_start']}, "
             f"Python {m['python']}; median of {result['runs']} run(s)", ""]
    rows = []
    for key, label, unit, _ in FIGURES:
        figure = result["figures"].get(key)
        if figure is None:
            rows.append([label, "skipped", unit, "-", "-", "-", ""])
            continue
        cpu = figure.get("cpu")
        rows.append([label, number(figure["median"]), unit, number(figure["ratio_to_naive"]),
                     number(cpu["median"]) if cpu else "-",
                     number(cpu["ratio_to_naive"]) if cpu else "-",
                     " ".join(number(v) for v in figure["values"])])
    naive = result["naive"]
    rows.append(["naive baseline (same pages)", number(naive["wall_s"]["median"]), "s", "1.00",
                 number(naive["cpu_s"]["median"]), "1.00",
                 " ".join(number(v) for v in naive["wall_s"]["values"])])
    rows.append(["naive baseline pages per second",
                 number(naive["pages_per_s"]["median"]), "pages/s", "1.00",
                 number(naive["pages_per_cpu_s"]["median"]), "1.00",
                 " ".join(number(v) for v in naive["pages_per_s"]["values"])])
    rows.append(["naive baseline peak RSS", number(naive["peak_rss_mib"]["median"]), "MiB", "1.00",
                 "-", "-", ""])
    rows.append(["naive baseline output size", number(naive["output_mb"]["median"]), "MB", "1.00",
                 "-", "-", ""])
    lines.append(table(["figure", "wall", "unit", "x naive", "CPU", "x naive (CPU)",
                        "runs (wall)"], rows))
    rendered = result.get("rendered")
    if rendered:
        names = {"cold": "cold", "noop": "no-op", "edit_service": "one service edited",
                 "edit_template": "one template edited"}
        lines += ["", "Pages rendered: " + "; ".join(
            f"{names.get(command, command)} {count:,}" for command, count in rendered.items())]
    lines += ["", "Cold build by stage (exclusive seconds, median; 'other' = imports, static "
              "files, schema, command line)"]
    lines.append(stage_table(result["stages"]))
    lines += ["", "CPU seconds by stage in each command (median)"]
    lines.append(commands_table(result["stages_by_command"]))
    lines += ["", "Search index per language (site/search/<lang>/; gzip: each file, level 6)"]
    lines.append(table(["lang", "files", "bytes", "gzip bytes"],
                       [[lang, f"{s['files']:,}", f"{s['bytes']:,}", f"{s['gzip']:,}"]
                        for lang, s in result["search_index"].items()]))
    return "\n".join(lines)


COMMANDS = {"cold": "cold", "noop": "no-op", "edit_service": "edit service",
            "edit_template": "edit template", "check": "check"}


def commands_table(by_command: dict[str, dict[str, dict[str, float]]]) -> str:
    """CPU seconds of each stage in each command: where a rebuild spends what a cold build does."""
    names = [n for n in STAGE_NAMES if any(n in stages for stages in by_command.values())]
    commands = [c for c in COMMANDS if c in by_command]
    rows = [[name, *(number(by_command[c][name]["cpu_s"]) if name in by_command[c] else "-"
                     for c in commands)] for name in names]
    rows.append(["total", *(number(sum(s["cpu_s"] for s in by_command[c].values()))
                            for c in commands)])
    return table(["stage (CPU s)", *(COMMANDS[c] for c in commands)], rows)


def stage_table(stages: dict[str, dict[str, float]]) -> str:
    wall_total = sum(s["wall_s"] for s in stages.values()) or 1
    cpu_total = sum(s["cpu_s"] for s in stages.values()) or 1
    return table(["stage", "wall s", "share", "CPU s", "share"],
                 [[name, number(s["wall_s"]), f"{s['wall_s'] / wall_total:.0%}",
                   number(s["cpu_s"]), f"{s['cpu_s'] / cpu_total:.0%}"]
                  for name, s in stages.items()])


def profile_top(text: str) -> str:
    """The top of the call tree and of the flat list of own time (bench/instrumented.py)."""
    tree, _, flat = text.partition("== Own time per function (flat) ==")
    return "\n".join(tree.splitlines()[:PROFILE_TREE] + ["...", "== Own time per function "
                     "(flat) =="] + flat.strip("\n").splitlines()[:PROFILE_FLAT])
