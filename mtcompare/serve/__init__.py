"""``mtcompare serve``: the run store in a browser, where reviewers record decisions.

A small Starlette app served by uvicorn (extra ``[serve]``), imported only by that
command. :mod:`.guard` holds every security rule in one place; :mod:`.app` the routes.
"""
