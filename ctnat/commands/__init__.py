"""CLI command modules. Each module defines click commands and lists them in a
module-level ``commands`` list; :mod:`ctnat.cli` registers them all."""
