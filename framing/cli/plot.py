"""framing plot: the five article figures (timeline, sources, cues, blame, actors) for any article."""

from __future__ import annotations

from pathlib import Path

from framing.errors import InputError


def register(commands) -> None:
    plot = commands.add_parser(
        "plot",
        help="draw the article figures (timeline, sources, cues, blame, actors) for your own article",
        description="ARTICLE is a plain-text file (one paragraph per line), or a signals table written by "
        "'framing analyze' (choose the article with --article-id when it holds several). Each figure is "
        "written as PNG with the CSV of the numbers it plots.",
        epilog="example: framing plot my-article.txt --out figures/",
    )
    plot.add_argument(
        "article", help=".txt article, or a signals table (.csv/.jsonl/.parquet) from framing analyze"
    )
    plot.add_argument("--out", required=True, help="folder for the figures")
    plot.add_argument("--article-id", help="the article to draw from a signals table holding several")
    plot.add_argument("--prefix", help="file name prefix (default: the article id)")
    plot.set_defaults(run=run_plot)


def run_plot(args) -> int:
    from framing.figures import article_table
    from framing.figures.article import article_figures
    from framing.io.signals import read_signals

    path = Path(args.article)
    if path.suffix.lower() == ".txt":
        if args.article_id:
            raise InputError("--article-id selects from a signals table; a .txt file is one article")
        table = article_table(path)
    else:
        table = read_signals(path)
        ids = sorted(table["article_id"].unique()) if "article_id" in table.columns else []
        if args.article_id:
            if args.article_id not in ids:
                raise InputError(f"no article {args.article_id!r} in {path}; it holds {', '.join(ids[:5])}")
            table = table[table["article_id"] == args.article_id]
        elif len(ids) > 1:
            raise InputError(
                f"{path} holds {len(ids)} articles; choose one with --article-id ({', '.join(ids[:3])}, …)"
            )
    prefix = args.prefix or str(table["article_id"].iloc[0])
    paths = article_figures(table, args.out, prefix=prefix)
    for p in paths:
        print(f"wrote {p}")
    return 0
