"""Scaffolding for editors: new service entries and guidance pages, and new catalogues.

Library code behind `catalogue new` and `catalogue init` (the click commands are in
`directory/commands/`): answers are checked with the same model as `catalogue check`, files are
written as commented YAML or Markdown, and an existing file is never replaced.
"""
