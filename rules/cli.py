"""`python -m rules evaluate|explain|docs|bench`: the policy engine from the command line.

Exit 0 when the command did its work (an ineligible verdict is still work done), 2 with one
line on stderr for any bad input or argument. Never a traceback for bad input.
"""

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO, NoReturn, TextIO

from rules import bench, explain
from rules.engine import evaluate
from rules.json_input import MAX_INPUT_BYTES, InputError, parse_document, requests_from_document
from rules.rulesets import rule_set_for

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


class _Parser(argparse.ArgumentParser):
    # argparse prints usage and exits by itself; our contract is one "error: ..." line, exit 2.
    def error(self, message: str) -> NoReturn:
        raise InputError(message)


def main(
    argv: list[str] | None = None,
    *,
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; returns the exit status. Streams default to the process's own."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout.buffer
    stderr = stderr if stderr is not None else sys.stderr
    try:
        args = _parser().parse_args(argv)
        output = args.command(args, stdin)
    except InputError as error:
        print(f"error: {_one_line(str(error))}", file=stderr)
        return 2
    if output:
        stdout.write(output.encode("utf-8"))
        stdout.flush()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m rules", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    evaluate_parser = commands.add_parser(
        "evaluate",
        help="evaluate credit requests read as JSON from stdin",
        description="Read one JSON object (or an array of them) from stdin; print the verdict "
        "(or an array of verdicts, same order) as JSON. Keys are the CreditRequest field names; "
        "dates are YYYY-MM-DD; today defaults to the current date.",
    )
    evaluate_parser.set_defaults(command=_evaluate)

    explain_parser = commands.add_parser(
        "explain", help="print the rule set in force (or the one named) as tables"
    )
    explain_parser.add_argument("--rule-set", metavar="VERSION", help="e.g. 2021-03-31")
    explain_parser.set_defaults(command=_explain)

    docs_parser = commands.add_parser(
        "docs", help="print docs/rules.md (all rule sets), or write it with --output"
    )
    docs_parser.add_argument(
        "--output", type=Path, metavar="PATH", help=f"write the file here, e.g. {DOCS_PATH}"
    )
    docs_parser.set_defaults(command=_docs)

    bench_parser = commands.add_parser(
        "bench", help="measure verdicts per second for a mixed batch on one core"
    )
    bench_parser.add_argument(
        "--n", type=_positive_int, default=50_000, metavar="N", help="verdicts per run"
    )
    bench_parser.add_argument(
        "--repeat", type=_positive_int, default=3, metavar="R", help="runs; the best is reported"
    )
    bench_parser.set_defaults(command=_bench)
    return parser


def _evaluate(args: argparse.Namespace, stdin: BinaryIO) -> str:
    document = parse_document(stdin.read(MAX_INPUT_BYTES + 1))
    requests = requests_from_document(document, today=date.today(), now=datetime.now(UTC))
    verdicts = [evaluate(request).to_dict() for request in requests]
    result = verdicts if isinstance(document, list) else verdicts[0]
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def _explain(args: argparse.Namespace, stdin: BinaryIO) -> str:
    try:
        rule_set = rule_set_for(date.today(), args.rule_set)
    except ValueError as error:
        raise InputError(str(error)) from None
    return explain.render_text(rule_set)


def _docs(args: argparse.Namespace, stdin: BinaryIO) -> str:
    markdown = explain.render_markdown()
    if args.output is None:
        return markdown
    try:
        args.output.write_text(markdown, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write {args.output}: {error.strerror}") from None
    return ""


def _bench(args: argparse.Namespace, stdin: BinaryIO) -> str:
    result = max((bench.run(args.n) for _ in range(args.repeat)), key=lambda run: run.per_second)
    return (
        f"{result.per_second:,.0f} verdicts/s: {result.count} verdicts in "
        f"{result.seconds:.3f} s CPU time on one core, best of {args.repeat} "
        f"(mixed batch of all five credit types, legacy and new commerce, evaluate + Details text; "
        f"{result.with_details} with Details text)\n"
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value}")
    return value


def _one_line(text: str) -> str:
    return " ".join(text.split())
