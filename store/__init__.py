"""The campaign itself: models, rules and persistence. Pure Python, no UI imports.

Kept free of textual and rich so scripts, cron jobs and the command line can use it,
and so its rules can be tested without a terminal.
"""

__version__ = "0.1.0"
