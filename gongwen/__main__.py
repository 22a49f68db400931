"""`python -m gongwen`: the same CLI as the `gongwen` command."""

from gongwen.cli import app

app(prog_name="gongwen")
