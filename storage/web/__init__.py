"""The web's state: public pages and the MAG board's links (issue 27)."""
