"""Open Referral UK 3.0 (a profile of HSDS 3.0): the catalogue as open data, and its API.

`ids.py` derives the stable UUIDs both standards require, `export.py` maps the in-memory catalogue
to ORUK/HSDS dicts, `paging.py` wraps lists in the API's page envelope and `api.py` answers the API
requests (for `catalogue serve`); `directory/builders/openreferral.py` writes the static files.
"""
