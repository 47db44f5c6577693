-- Before rolling back to a release from before 2026-12-07's `chat.change` rows (docs/operations.md):
-- a release before them claims only `notify.*` and `view.refresh` rows and leaves `chat.change`
-- rows waiting. This turns each pending one into the rows that release wrote, one per effect, in
-- the change's order: `notify.<type>` (`view.refresh` for the refresh), the payload the effect
-- with the change's version and number, its attempts and last error, due at once (a lease the
-- newer relay took ends: the older relay queues the rows again).
-- One statement (atomic); run it with no pod of the newer release running. Delivered rows stay.
WITH split AS (
  DELETE FROM outbox
  WHERE topic = 'chat.change' AND processed_at IS NULL
  RETURNING id, incident_id, payload, dedupe_key, available_at, attempts, last_error, created_at
)
INSERT INTO outbox (incident_id, topic, payload, dedupe_key, available_at, attempts, last_error, created_at)
SELECT s.incident_id,
  CASE WHEN e.effect ->> 'type' = 'refresh_views' THEN 'view.refresh' ELSE 'notify.' || (e.effect ->> 'type') END,
  e.effect || jsonb_build_object('version', s.payload -> 'version', 'number', s.payload -> 'number'),
  s.dedupe_key || '.' || (e.n - 1),
  LEAST(s.available_at, now()), s.attempts, s.last_error, s.created_at
FROM split s, jsonb_array_elements(s.payload -> 'effects') WITH ORDINALITY AS e(effect, n)
ORDER BY s.id, e.n;
