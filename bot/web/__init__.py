"""The web (issue 27): the MAG board behind a signed link and the groups' public pages,
server-rendered (Jinja2, one stylesheet, no JavaScript). Read-only: nothing here writes."""
