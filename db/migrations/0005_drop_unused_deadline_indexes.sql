DROP INDEX "incidents_respond_by_idx";--> statement-breakpoint
DROP INDEX "incidents_resolve_by_idx";