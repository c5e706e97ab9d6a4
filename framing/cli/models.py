"""framing train, evaluate and predict: classifiers learned from labelled sentences."""

from __future__ import annotations

import sys
from pathlib import Path

from framing.cli import arguments


def register(commands) -> None:
    from framing.models import DEFAULT_MODELS, MODELS
    from framing.models.encoders import SHORT_NAMES
    from framing.models.pairs import PAIR_VARIANTS

    train = commands.add_parser(
        "train",
        help="cross-validate classifiers on labelled sentences and save the best (skops)",
        description="Choose among linear models on our signal features plus word and character n-grams by "
        "stratified (grouped, seeded) cross-validation; report macro-F1 and per-class scores with bootstrap "
        "95% intervals, and save the refitted model without pickle.",
        epilog="example: framing train data/labelled/seed_sentences.csv --label frame --out frame.skops --folds 3; "
        "multi-label: framing train headlines.csv --label frames --label-sep '|' --out frames.skops",
    )
    train.add_argument("data", help="labelled table: .csv, .tsv, .jsonl or .parquet")
    train.add_argument("--label", help="column holding the class labels (or, with --label-sep, label sets)")
    train.add_argument(
        "--label-sep", help="multi-label: --label cells hold several labels joined by this, e.g. '|'"
    )
    train.add_argument("--label-cols", nargs="+", metavar="COL", help="multi-label: one 0/1 column per label")
    train.add_argument("--out", required=True, help="model file to write (.skops)")
    train.add_argument(
        "--model",
        dest="models",
        nargs="+",
        choices=MODELS,
        default=list(DEFAULT_MODELS),
        help="candidates compared by CV macro-F1 (default: %(default)s)",
    )
    train.add_argument(
        "--C",
        dest="c_grid",
        type=arguments.positive_float,
        nargs="+",
        default=[1.0],
        help="regularisation strengths to try (default: 1.0)",
    )
    train.add_argument("--text-col", default="text", help="text column (default: text)")
    train.add_argument(
        "--group-col", help="article or outlet id: folds never split a group; CIs resample groups"
    )
    train.add_argument("--target-col", help="stance target column: trains a target-aware model")
    train.add_argument(
        "--pair-col",
        help="second text paired with each text (e.g. the headline of an article "
        "body): adds headline words and pair similarity features",
    )
    train.add_argument(
        "--rationale-col",
        help="words annotators marked as the reason for each label (e.g. ['slammed', 'radical'] or "
        "slammed; radical): the model learns how often each word is marked and predicts from text alone",
    )
    train.add_argument(
        "--pair-variant",
        choices=PAIR_VARIANTS,
        default="similarity",
        help="features of --pair-col pairs: 'similarity' (the text's features, the pair's words, "
        "similarity and cues near pair words), 'uclmr' (term frequencies of both texts and their "
        "TF-IDF cosine, Riedel et al. 2017), 'uclmr_similarity' (both pair blocks) or 'uclmr_topics' "
        "(those and the texts' cosines in LSA and NMF topic spaces fitted on the training texts, after "
        "Hanselowski et al. 2018) (default: %(default)s)",
    )
    train.add_argument(
        "--lsa-corpus",
        nargs="+",
        metavar="PATH",
        help="unlabelled text (files or folders, read as by framing analyze) to learn a latent "
        "semantic space from; saved inside the model",
    )
    train.add_argument(
        "--lsa-components",
        type=arguments.positive_int,
        default=100,
        help="dimensions of that space (default: 100)",
    )
    train.add_argument(
        "--encoder",
        choices=sorted(SHORT_NAMES),
        help="add a pretrained sentence encoder as a dense block (needs the embeddings extra; no download: "
        "the weights ship in a pip package and are checked by hash); a vote takes it as a member of its own",
    )
    train.add_argument(
        "--fine-tune",
        action="store_true",
        help="with --encoder and --model vote: add to the vote the encoder itself trained on the labels (minutes "
        "per thousand sentences on a CPU, per fold; the saved model holds its ~90 MB of weights)",
    )
    train.add_argument(
        "--decision",
        choices=("argmax", "tuned"),
        default="argmax",
        help="'tuned': per-class decision weights that maximise macro-F1 on out-of-fold predictions "
        "(default: argmax, the most probable class)",
    )
    train.add_argument(
        "--labels",
        type=lambda s: [x.strip() for x in s.split(",")],
        help="comma-separated allowed labels; any other label is an error",
    )
    train.add_argument("--folds", type=arguments.folds, default=5, help="cross-validation folds (default: 5)")
    train.add_argument(
        "--dedupe", action="store_true", help="keep the first of duplicate sentences instead of failing"
    )
    train.add_argument("--no-signals", dest="use_signals", action="store_false", help="n-gram features only")
    arguments.add_random_seed(train)
    train.add_argument(
        "--n-jobs", type=arguments.n_jobs, default=1, help="processes for cross-validation; -1 for all cores"
    )
    train.add_argument(
        "--n-boot",
        type=arguments.positive_int,
        default=1000,
        help="bootstrap resamples for intervals (default: 1000)",
    )
    train.add_argument(
        "--no-learning-curve",
        dest="with_learning_curve",
        action="store_false",
        help="skip the learning curve (20-100%% of the training data) in the report",
    )
    arguments.add_csv_sep(train)
    train.add_argument("--report", help="report JSON (default: <out stem>.report.json; Markdown beside it)")
    train.add_argument("--figure", help="confusion matrix PNG (default: <out stem>.confusion.png)")
    train.add_argument("--reliability", help="reliability diagram PNG (default: <out stem>.reliability.png)")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.set_defaults(run=run_train)

    evaluate = commands.add_parser(
        "evaluate",
        help="score a saved model on a held-out labelled file",
        description="Macro-F1, accuracy and per-class precision/recall/F1 with bootstrap 95% intervals.",
        epilog="example: framing evaluate frame.skops held_out.csv --report held_out.json",
    )
    evaluate.add_argument("model", help="model file written by framing train")
    evaluate.add_argument("data", help="labelled table with the training columns")
    evaluate.add_argument(
        "--label", dest="label_col", help="label column (default: the one used in training)"
    )
    evaluate.add_argument("--text-col", help="text column (default: the one used in training)")
    evaluate.add_argument("--target-col", help="stance target column (default: the one used in training)")
    evaluate.add_argument("--group-col", help="resample these groups for intervals")
    evaluate.add_argument(
        "--n-boot", type=arguments.positive_int, default=1000, help="bootstrap resamples (default: 1000)"
    )
    arguments.add_random_seed(evaluate)
    evaluate.add_argument("--report", help="write the report as JSON, and as Markdown beside it (.md)")
    arguments.add_csv_sep(evaluate)
    evaluate.add_argument("--figure", help="write the confusion matrix PNG")
    arguments.add_trust(evaluate)
    evaluate.set_defaults(run=run_evaluate)

    predict = commands.add_parser(
        "predict",
        help="add predicted labels and class probabilities to sentences",
        description="Text files are segmented and analysed as by framing analyze; tables are used as they are. "
        "Adds predicted_<label> and proba_<class> columns.",
        epilog="example: framing predict frame.skops seeds/nbc-russia-north-korea-alliance.txt --out predicted.csv",
    )
    predict.add_argument("model", help="model file written by framing train")
    predict.add_argument("path", help=".txt file or folder, or a table with a text column")
    arguments.add_table_output(predict, default="<path stem>.predictions.<format>")
    predict.add_argument("--text-col", default="text", help="text column of a table (default: text)")
    predict.add_argument("--target-col", help="stance target column (default: the one used in training)")
    predict.add_argument("--target", help="one stance target for every sentence")
    arguments.add_csv_sep(predict)
    arguments.add_trust(predict)
    arguments.add_csv_safe(predict)
    predict.set_defaults(run=run_predict)


def run_train(args) -> int:
    from framing.corpus import resolve_jobs
    from framing.models import train_model

    progress, bar = _progress(args.quiet)
    try:
        report = train_model(
            args.data,
            label=args.label,
            out=args.out,
            text_col=args.text_col,
            group_col=args.group_col,
            target_col=args.target_col,
            pair_col=args.pair_col,
            pair_variant=args.pair_variant,
            rationale_col=args.rationale_col,
            labels=args.labels,
            models=args.models,
            c_grid=args.c_grid,
            use_signals=args.use_signals,
            lsa_corpus=args.lsa_corpus,
            lsa_components=args.lsa_components,
            encoder=args.encoder,
            fine_tune=args.fine_tune,
            decision=args.decision,
            folds=args.folds,
            dedupe=args.dedupe,
            random_state=args.random_state,
            n_jobs=resolve_jobs(args.n_jobs),
            n_boot=args.n_boot,
            report_path=args.report,
            figure_path=args.figure,
            reliability_path=args.reliability,
            progress=progress,
            sep=args.sep,
            with_learning_curve=args.with_learning_curve,
            label_sep=args.label_sep,
            label_cols=args.label_cols,
        )
    finally:
        if bar is not None:
            bar.close()
    cv = report["cv"]
    for name, scores in sorted(cv["candidates"].items()):
        print(f"  {name:28s} CV macro-F1 {scores['macro_f1_mean']:.3f} +- {scores['macro_f1_sd']:.3f}")
    if "baseline_majority" in cv:
        print(f"  {'majority-class baseline':28s} CV macro-F1 {cv['baseline_majority']['macro_f1_mean']:.3f}")
    print(f"chosen: {cv['chosen']}")
    decision = report["decision"]
    if "class_weights" in decision:
        weights = ", ".join(f"{label} {w:.2f}" for label, w in sorted(decision["class_weights"].items()))
        print(
            f"decision weights (tuned on out-of-fold predictions): {weights}; pooled out-of-fold macro-F1 "
            f"{decision['oof_macro_f1_argmax']:.3f} -> {decision['oof_macro_f1_tuned']:.3f} (optimistic)"
        )
    _print_scores("out-of-fold", report["out_of_fold"])
    calibration = report["calibration"]
    print(f"out-of-fold probabilities: Brier {calibration['brier']:.3f}, ECE {calibration['ece']:.3f}")
    if "learning_curve" in report:
        print(f"learning curve: {report['learning_curve']['verdict']}")
    _print_warnings(report)
    for role, path in report["outputs"].items():
        print(f"wrote {role}: {path}")
    return 0


def run_evaluate(args) -> int:
    from framing.models import evaluate_model

    report = evaluate_model(
        args.model,
        args.data,
        text_col=args.text_col,
        label_col=args.label_col,
        group_col=args.group_col,
        target_col=args.target_col,
        n_boot=args.n_boot,
        random_state=args.random_state,
        report_path=args.report,
        figure_path=args.figure,
        trusted=args.trust,
        sep=args.sep,
    )
    title = "TRAINING FILE (not held-out)" if report["evaluated_on_training_file"] else "held-out"
    _print_scores(f"{title} {args.data}", report["scores"])
    _print_warnings(report)
    return 0


def run_predict(args) -> int:
    from framing.io.writers import check_output, is_stdout, write_table
    from framing.models import predict_table

    out, fmt = arguments.table_output(args, f"{Path(args.path).stem}.predictions")
    check_output(out, protected=[args.path, args.model])  # before the model is loaded and run
    table = predict_table(
        args.model,
        args.path,
        text_col=args.text_col,
        target_col=args.target_col,
        target=args.target,
        trusted=args.trust,
        sep=args.sep,
    )
    write_table(table, out, fmt, protected=[args.path, args.model], csv_safe=args.csv_safe)
    print(
        f"wrote {len(table)} rows with predictions to {out}",
        file=sys.stderr if is_stdout(out) else sys.stdout,
    )
    return 0


def _progress(quiet: bool):
    """A tqdm bar driven by ``progress(done, total, what)`` callbacks, or None when quiet."""
    if quiet:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, file=sys.stderr, disable=not sys.stderr.isatty())

    def update(done: int, total: int, what: str) -> None:
        bar.total = total
        bar.set_description(what)
        bar.n = done
        bar.refresh()

    return update, bar


def _ci(score: dict) -> str:
    return f"{score['value']:.3f} [95% CI {score['ci_low']:.3f}, {score['ci_high']:.3f}]"


def _print_scores(title: str, scores: dict) -> None:
    if "micro_f1" in scores:
        print(
            f"{title}: micro-F1 {_ci(scores['micro_f1'])}, macro-F1 {_ci(scores['macro_f1'])}, "
            f"exact match {scores['exact_match']['value']:.3f}, n={scores['n']}"
        )
        return
    print(
        f"{title}: macro-F1 {_ci(scores['macro_f1'])}, accuracy {scores['accuracy']['value']:.3f}, n={scores['n']}"
    )


def _print_warnings(report: dict) -> None:
    """Warnings go to stderr, so they show even when stdout is redirected."""
    for warning in report.get("warnings", []):
        print(f"warning: {warning}", file=sys.stderr)
