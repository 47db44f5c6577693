-- The text a card was posted with (Teams: text, textFormat and mention entities), resent with every
-- re-render: a Teams update replaces the whole activity, so a card update without it wiped the
-- notice and its @mentions above the card at the first refresh. Null for cards posted alone and
-- for rows stored before this migration (those keep the old behaviour: the card alone).
-- Instant: a nullable column without a default; no rewrite.
ALTER TABLE "chat_refs" ADD COLUMN "caption" jsonb;
