CREATE TABLE "knowledge_version" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "knowledge_version_singleton" CHECK ("knowledge_version"."singleton")
);
--> statement-breakpoint
-- Hand-written below (drizzle-kit does not emit triggers). The one row, made once here.
INSERT INTO "knowledge_version" DEFAULT VALUES ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Every transaction that changes the knowledge base bumps the version once, at its commit:
-- deferred, so the row is locked only while committing (an import that runs for minutes does
-- not hold up "didn't help" clicks), and once, through a transaction-local flag. An upsert, so
-- a deleted row cannot freeze the version. Names unqualified: search_path picks the schema.
CREATE OR REPLACE FUNCTION knowledge_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('itss.knowledge_version_bumped', true) IS DISTINCT FROM 'on' THEN
    INSERT INTO knowledge_version (singleton, version) VALUES (true, 1)
      ON CONFLICT (singleton) DO UPDATE SET version = knowledge_version.version + 1;
    PERFORM set_config('itss.knowledge_version_bumped', 'on', true);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER knowledge_entries_version AFTER INSERT OR UPDATE OR DELETE ON knowledge_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION knowledge_version_bump();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER knowledge_terms_version AFTER INSERT OR UPDATE OR DELETE ON knowledge_terms
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION knowledge_version_bump();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER knowledge_feedback_version AFTER INSERT OR UPDATE OR DELETE ON knowledge_feedback
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION knowledge_version_bump();
--> statement-breakpoint
CREATE TRIGGER knowledge_entries_truncated AFTER TRUNCATE ON knowledge_entries
  FOR EACH STATEMENT EXECUTE FUNCTION knowledge_version_bump();
--> statement-breakpoint
CREATE TRIGGER knowledge_terms_truncated AFTER TRUNCATE ON knowledge_terms
  FOR EACH STATEMENT EXECUTE FUNCTION knowledge_version_bump();
--> statement-breakpoint
CREATE TRIGGER knowledge_feedback_truncated AFTER TRUNCATE ON knowledge_feedback
  FOR EACH STATEMENT EXECUTE FUNCTION knowledge_version_bump();
