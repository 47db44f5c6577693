ALTER TABLE "incidents" ADD COLUMN "first_assigned_at" timestamp with time zone;--> statement-breakpoint
-- Incidents assigned before this migration: their first IM2.11 assignment, from the history.
UPDATE "incidents" SET "first_assigned_at" = a."first_at"
FROM (SELECT "incident_id", min("at") AS "first_at" FROM "assignments" WHERE "action" = 'assigned' GROUP BY "incident_id") a
WHERE a."incident_id" = "incidents"."id" AND "incidents"."first_assigned_at" IS NULL;
