-- A stretch that more than two units use: the source data has an overlap there (in the 2025 data, one
-- stretch of 2.2 km in Lào Cai: 02647 / 02683 / 02746). The province still loads; the border keeps
-- its two smallest codes in unit_a / unit_b and the rest here, and no proposal is taken on it until the
-- overlap is resolved.
ALTER TABLE borders ADD COLUMN other_units text[] NOT NULL DEFAULT '{}'
  CHECK (array_position(other_units, NULL) IS NULL);
