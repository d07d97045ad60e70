"""The command lines' argument parser, with Dutch usage errors (exit code 2) for the people who read them."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from typing import NoReturn

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from config import settings

EXIT_USAGE = 2  # the command was given wrongly
EXIT_DATABASE = 1  # the database cannot be reached or read

# argparse's own phrases, in Dutch
_PHRASES = (
    ("the following arguments are required:", "deze argumenten zijn verplicht:"),
    ("unrecognized arguments:", "onbekende argumenten:"),
    ("invalid choice:", "ongeldige keuze:"),
    ("choose from", "kies uit"),
    ("expected one argument", "verwacht één waarde"),
    ("invalid int value:", "geen geheel getal:"),
    ("not allowed with argument", "gaat niet samen met argument"),
)
# argparse's mutually exclusive group that is required: "one of the arguments --quarter --year is required"
_ONE_OF = re.compile(r"one of the arguments (.*) is required")


class DutchArgumentParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "gebruik:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "gebruik:", 1)

    def error(self, message: str) -> None:
        for english, dutch in _PHRASES:
            message = message.replace(english, dutch)
        message = _ONE_OF.sub(r"een van deze argumenten is verplicht: \1", message)
        self.print_usage(sys.stderr)
        self.exit(2, f"fout: {message}\n")


def run(main: Callable[[], int]) -> NoReturn:
    """Exit with ``main()``'s code. Output piped into a reader that stops early (``| head``) ends quietly: the
    reader has what it wanted, so no traceback (Python's documented way, via /dev/null for the final flush)."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)


def shown_url(url: str | None) -> str:
    """The database URL (``--db``, else the configured one) as a message may show it: without its password."""
    resolved = settings.database_url(url)
    try:
        return make_url(resolved).render_as_string(hide_password=True)
    except ArgumentError:
        return resolved


def database_problem(exc: Exception, url: str | None) -> str:
    """Why the database ``url`` cannot be used, as a Dutch sentence without its final stop (the URL without
    its password): ``exc`` an ArgumentError (no SQLAlchemy URL), a missing driver, or an SQLAlchemyError."""
    if isinstance(exc, ArgumentError):  # not an SQLAlchemy URL, or an unknown database kind
        return (f"'{shown_url(url)}' is geen geldige database-URL (bijvoorbeeld sqlite:///pad/naar/shv.sqlite of "
                "postgresql+psycopg://gebruiker@host/database)")  # fmt: skip
    if isinstance(exc, ModuleNotFoundError):  # a database kind whose driver is not installed (mysql://…)
        return (f"voor de database {shown_url(url)} ontbreekt het stuurprogramma ({exc.name}); gebruik SQLite of "
                "PostgreSQL")  # fmt: skip
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return f"de database {shown_url(url)} is niet bereikbaar of niet te lezen: {reason}"


def with_database_errors(command: Callable[[], int], url: str | None) -> int:
    """``command()``, with the database ``url``'s failures as a Dutch message and an exit code instead of a
    traceback: not an SQLAlchemy URL, a database that cannot be reached or read, a missing driver."""
    try:
        return command()
    except (ArgumentError, ModuleNotFoundError) as exc:
        print(f"Fout: {database_problem(exc, url)}.", file=sys.stderr)
        return EXIT_USAGE
    except SQLAlchemyError as exc:  # the database cannot be reached or opened
        print(f"Fout: {database_problem(exc, url)}", file=sys.stderr)
        return EXIT_DATABASE
