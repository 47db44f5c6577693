ALTER TABLE "incidents" ADD COLUMN "reported_via" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "respond_clock_minutes" double precision;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "resolve_clock_minutes" double precision;--> statement-breakpoint
CREATE INDEX "incidents_reported_at_idx" ON "incidents" USING btree ("reported_at");--> statement-breakpoint
CREATE INDEX "incidents_closed_at_idx" ON "incidents" USING btree ("closed_at","reported_at");--> statement-breakpoint
-- Incidents registered before this migration: the platform their reporter card sits on.
UPDATE "incidents" SET "reported_via" = (
  SELECT "platform" FROM "chat_refs"
  WHERE "chat_refs"."incident_id" = "incidents"."id" AND "chat_refs"."purpose" = 'reporter_card'
  ORDER BY "platform" LIMIT 1
) WHERE "reported_via" IS NULL;
