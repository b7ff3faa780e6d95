-- Issue 12: a failed report keeps the kind of its failure beside the reason in words (error), so
-- the API and the UI can filter and explain failures: the PDF's own (empty, not-pdf, encrypted,
-- corrupt, too-large), missing-file (the stored copy not in the data dir), stalled (a worker
-- lost it too often), other. Reports that failed before this column existed have none (NULL).
-- Runs unchanged on PostgreSQL 13+ and PGlite.
ALTER TABLE reports ADD COLUMN error_kind text
  CHECK (error_kind IN ('empty', 'not-pdf', 'encrypted', 'corrupt', 'too-large', 'missing-file', 'stalled', 'other'));
CREATE INDEX reports_error_kind ON reports (error_kind) WHERE error_kind IS NOT NULL;
