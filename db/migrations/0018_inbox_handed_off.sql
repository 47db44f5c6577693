ALTER TABLE "inbox" ADD COLUMN "handed_off" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Rows stored before this migration stay unmarked: whatever of them is left undone, the sweep
-- takes after its lease, as it did before.
CREATE INDEX "inbox_handed_off_idx" ON "inbox" USING btree ("platform","received_at","key") WHERE "inbox"."handed_off" AND "inbox"."done_at" IS NULL AND "inbox"."attempts" = 0;
