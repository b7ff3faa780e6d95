-- Issue 11: the service under attack and faults. Runs unchanged on PostgreSQL 13+ and PGlite.

-- When the watcher last saw the file change (its size or mtime). A watched file whose report
-- failed is kept in the folder for NIANBAO_WATCH_GRACE_S after this (it may still be written).
ALTER TABLE intake_files ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();

-- Who asked for a bulk re-processing run (a user, a token, the CLI's OS user, the schedule):
-- each report it starts gets an audit entry naming them.
ALTER TABLE reprocess_runs ADD COLUMN requested_by text;

-- bull-board's sign-in (/admin/login with an API token): the cookie holds a random session id,
-- never the token; the database keeps its SHA-256 and the token it was made with, so revoking
-- the token ends the session too.
CREATE TABLE admin_sessions (
  id_hash text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  token_id integer NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- Tokens revoked (CLI or /manage) are in the audit trail too.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
  'correct', 'confirm_cell', 'confirm_report', 'approve', 'reject', 'reopen',
  'keep_correction', 'take_extraction', 'reprocess', 'reprocess_bulk',
  'user_add', 'user_role', 'user_disable', 'user_enable', 'user_password',
  'token_revoke'));
