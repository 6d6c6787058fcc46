"""Command line: `opeka` with no command starts the GUI; subcommands script set-up and checks."""
