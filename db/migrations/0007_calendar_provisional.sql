CREATE TABLE "once_notices" (
	"key" text PRIMARY KEY NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "deadlines_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Open incidents registered while an uncovered year left them without deadlines (the old
-- IM2.3 calendar_not_covered event) are marked, so the start-up recompute gives them deadlines.
UPDATE "incidents" SET "deadlines_provisional" = true
WHERE "status" NOT IN ('closed', 'cancelled')
  AND "respond_by" IS NULL AND "resolve_by" IS NULL
  AND EXISTS (
    SELECT 1 FROM "audit_events" a
    WHERE a."incident_id" = "incidents"."id" AND a."action" = 'calendar_not_covered'
  );
