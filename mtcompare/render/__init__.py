"""Views of a run: terminal tables and diffs, JSON, TSV/CSV, the HTML report, plots.

Every format of a whole run is in :mod:`mtcompare.render.registry`; the modules here
never import the CLI.
"""
