// Proactive-messaging addresses (Teams conversation references, Slack DM channels).
import { and, eq, sql } from 'drizzle-orm';
import type { ConversationRef } from '../src/app/ports.js';
import type { Database } from './connect.js';
import { conversationRefs } from './schema.js';

export async function saveConversationRef(db: Database, ref: ConversationRef): Promise<void> {
  await db.orm
    .insert(conversationRefs)
    .values({ ...ref, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [conversationRefs.platform, conversationRefs.scope, conversationRefs.key],
      set: { reference: sql`excluded.reference`, updatedAt: sql`excluded.updated_at` },
    });
}

export async function getConversationRef(
  db: Database,
  platform: string,
  scope: string,
  key: string,
): Promise<ConversationRef | null> {
  const [row] = await db.orm
    .select()
    .from(conversationRefs)
    .where(
      and(
        eq(conversationRefs.platform, platform),
        eq(conversationRefs.scope, scope),
        eq(conversationRefs.key, key),
      ),
    );
  return row ? { platform: row.platform, scope: row.scope, key: row.key, reference: row.reference } : null;
}
