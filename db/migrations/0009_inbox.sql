CREATE TABLE "inbox" (
	"platform" text NOT NULL,
	"key" text NOT NULL,
	"body" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "inbox_pkey" PRIMARY KEY("platform","key")
);
--> statement-breakpoint
CREATE INDEX "inbox_pending_idx" ON "inbox" USING btree ("lease_until") WHERE "inbox"."done_at" IS NULL;