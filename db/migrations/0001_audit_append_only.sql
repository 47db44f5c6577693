-- Hand-written (drizzle-kit does not emit triggers): the audit trail is append-only at the
-- database level, so not even a buggy repository or a manual psql session can rewrite history.
-- Names are unqualified on purpose: search_path picks the schema (tests run in their own).
-- Runs on PostgreSQL 15 and on PGlite (plpgsql is built in to both).
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING HINT = 'Append a new audit event instead of changing an old one.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
