"""framing compare: outlets (or any groups of articles) compared on every signal, with intervals and figures."""

from __future__ import annotations

from pathlib import Path

from framing.cli.arguments import positive_int, seed

FDR = 0.05
SMALL_GROUP = 10  # articles per group below which percentile bootstrap intervals are unreliable


def register(commands) -> None:
    compare = commands.add_parser(
        "compare",
        help="compare groups of articles (outlets) on every signal, with bootstrap intervals and distinguishing cues",
        description="Article-level, length-fair measures of every signal (cues per 100 tokens, share of sentences); "
        "each group's mean with a 95% interval resampling its articles; every pair's difference, within events "
        "with --event-col; and the cues and words that distinguish each group (log-odds ratio with an informative "
        "Dirichlet prior). INPUT is a signals table from 'framing analyze' or a corpus table with one article "
        "per row.",
        epilog="example: framing compare corpus.csv --by outlet --event-col story --out compare/",
    )
    compare.add_argument(
        "input", help="signals table (framing analyze output) or corpus table (.csv/.jsonl/.parquet)"
    )
    compare.add_argument("--by", required=True, help="column naming each article's group, e.g. outlet")
    compare.add_argument(
        "--event-col", help="column naming each article's event or story: compare groups within it"
    )
    compare.add_argument(
        "--meta", help="table of per-article columns (--by, --event-col) keyed by article id"
    )
    compare.add_argument(
        "--meta-id-col", default="article_id", help="id column of --meta (default: article_id)"
    )
    compare.add_argument("--text-col", default="text", help="text column of a corpus table (default: text)")
    compare.add_argument(
        "--id-col", help="id column of a corpus table (default: 'id' if present, else row numbers)"
    )
    compare.add_argument("--out", help="output folder (default: <input stem>.compare)")
    compare.add_argument(
        "--n-boot", type=positive_int, default=2000, help="bootstrap replicates (default: 2000)"
    )
    compare.add_argument("--seed", type=seed, default=0, help="random seed of the bootstrap (default: 0)")
    compare.add_argument(
        "--min-word-count",
        type=positive_int,
        default=5,
        help="words seen fewer times are not compared (default: 5)",
    )
    compare.set_defaults(run=run_compare)


def run_compare(args) -> int:
    from framing.comparison import compare
    from framing.comparison.inputs import load_signals
    from framing.figures.compare import comparison_figures, headline_measures
    from framing.figures.style import write_data
    from framing.io.writers import staged_folder

    columns = [args.by] + ([args.event_col] if args.event_col else [])
    signals = load_signals(
        args.input,
        columns=columns,
        meta=args.meta,
        meta_id_col=args.meta_id_col,
        text_col=args.text_col,
        id_col=args.id_col,
    )
    result = compare(
        signals,
        args.by,
        event_col=args.event_col,
        n_boot=args.n_boot,
        random_state=args.seed,
        min_word_count=args.min_word_count,
    )
    out = Path(args.out) if args.out else Path(f"{Path(args.input).stem}.compare")
    with staged_folder(out) as stage:
        write_data(result.articles, stage / "articles.csv", sort_by=("article_id",))
        write_data(result.measures, stage / "measures.csv", sort_by=())
        write_data(result.tidy(), stage / "comparison.csv", sort_by=("kind", "measure", "group", "group_b"))
        write_data(result.cues, stage / "distinguishing-cues.csv", sort_by=("group", "feature"))
        write_data(result.words, stage / "distinguishing-words.csv", sort_by=("group", "feature"))
        comparison_figures(result, stage)
    print(render(result, headline_measures(result)))
    print(f"\nwrote {len(list(out.iterdir()))} files to {out}")
    return 0


def render(result, measures: list[str]) -> str:
    """The headline measures per group and the pairs whose interval excludes zero, as terminal text."""
    lines = [f"{len(result.articles)} articles by {result.by}; mean [95% interval]:"]
    sizes = result.articles[result.by].astype(str).value_counts()
    if sizes.min() < SMALL_GROUP:
        lines.insert(
            0,
            f"warning: {sizes.idxmin()} has {sizes.min()} articles; a bootstrap over fewer than "
            f"{SMALL_GROUP} articles gives intervals too narrow to trust",
        )
    estimates = result.estimates[result.estimates["measure"].isin(measures)]
    for measure, rows in estimates.groupby("measure", sort=False):
        cells = [f"{r.group} {r.estimate:.3g} [{r.ci_low:.3g}, {r.ci_high:.3g}]" for r in rows.itertuples()]
        lines.append(f"  {measure}: " + "; ".join(cells))
    within = result.event_contrasts is not None
    pairs = result.event_contrasts if within else result.differences
    shown = pairs[pairs["excludes_zero"]]
    where = f"within {result.event_col}" if within else "pooled"
    lines.append(
        f"differences ({where}) whose 95% interval excludes 0: {len(shown)} of {len(pairs)} "
        f"(about {0.05 * len(pairs):.0f} by chance); {int((pairs['q_value'] < FDR).sum())} with q < {FDR} "
        "(false discovery rate over all of them)"
    )
    for r in shown.itertuples():
        lines.append(
            f"  {r.measure}: {r.group} − {r.group_b} = {r.difference:.3g} [{r.ci_low:.3g}, {r.ci_high:.3g}], "
            f"q = {r.q_value:.2g}"
        )
    for group, rows in result.cues.groupby("group"):
        top = ", ".join(rows.head(5)["feature"])
        lines.append(f"cues most typical of {group}: {top}")
    return "\n".join(lines)
