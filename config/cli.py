"""The command lines' argument parser, with Dutch usage errors (exit code 2) for the people who read them."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from typing import NoReturn

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
