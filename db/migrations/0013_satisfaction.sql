ALTER TABLE "incidents" ADD COLUMN "satisfaction_score" smallint;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "satisfaction_comment" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "satisfaction_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "satisfaction_after" text;--> statement-breakpoint
CREATE INDEX "incidents_satisfaction_at_idx" ON "incidents" USING btree ("satisfaction_at") WHERE "incidents"."satisfaction_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_satisfaction_check" CHECK (("incidents"."satisfaction_score" IS NULL AND "incidents"."satisfaction_at" IS NULL AND "incidents"."satisfaction_after" IS NULL AND "incidents"."satisfaction_comment" IS NULL) OR ("incidents"."satisfaction_score" BETWEEN 1 AND 5 AND "incidents"."satisfaction_at" IS NOT NULL AND "incidents"."satisfaction_after" IN ('confirmed', 'closed_without_reporter')));