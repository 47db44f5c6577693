DROP INDEX "assignments_assigned_idx";--> statement-breakpoint
DROP INDEX "incidents_reported_at_idx";--> statement-breakpoint
CREATE INDEX "assignments_at_idx" ON "assignments" USING btree ("at");--> statement-breakpoint
CREATE INDEX "knowledge_feedback_at_idx" ON "knowledge_feedback" USING btree ("at");--> statement-breakpoint
CREATE INDEX "onsite_tasks_dispatched_idx" ON "onsite_tasks" USING btree ("dispatched_at");--> statement-breakpoint
CREATE INDEX "incidents_reported_at_idx" ON "incidents" USING btree ("reported_at","id","priority","assigned_team","category","nature","reported_via");