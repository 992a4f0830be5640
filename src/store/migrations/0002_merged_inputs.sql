-- Récolte schema, version 2: the files already merged.
--
-- One row per input file whose content this database holds: the SHA-256 of the file's bytes
-- as it was read (before any migration of the private copy), and the greatest HLC found in
-- it, so that merging the same bytes again can be skipped and still report what a full merge
-- (which would change nothing) reports. A merge only ever adds to a database, so once a file
-- is merged its content stays included, and the rows are a grow-only set: a merge unions the
-- source's rows with the target's, in the same transaction as the content they vouch for.
-- An export trimmed to one workshop holds only part of that content and carries no rows.
-- This is a cache of work done, not diagnostic content: the canonical dump leaves it out.
CREATE TABLE merged_input (
    digest  BLOB PRIMARY KEY NOT NULL,
    max_hlc INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
