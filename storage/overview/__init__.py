"""The MAG overview's tables: liaisons, reported overlaps, coverage mutes."""
