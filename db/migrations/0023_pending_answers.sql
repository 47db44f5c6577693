-- A reporter's plain message kept while they choose which of their waiting incidents it answers
-- (src/app/thread-replies.ts). Text emptied once taken; rows deleted once expired.
CREATE TABLE "pending_answers" (
	"key" text PRIMARY KEY NOT NULL,
	"actor_id" text NOT NULL,
	"text" text NOT NULL,
	"choices" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"taken_incident_id" text
);
