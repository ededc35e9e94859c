"""Community Catalogue: a static-site generator for carers' information directories.

The pipeline, one module per stage: `source` (load) → `validate` (into the `model` and
`catalogue`) → `plan` → `render` (with `views`) → `write`; `pipeline` runs them and `cli` is the
command line.
"""

__version__ = "0.1.0"
