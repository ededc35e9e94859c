"""One module per `catalogue` command that outgrew `cli.py`; shared options in `common`."""
