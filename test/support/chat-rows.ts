// The outbox rows that tell people something: a change's `chat.change` row and the per-effect
// `notify.*` rows of releases before it (src/app/outbox.ts), in id order. Card-only refreshes
// (`view.refresh`) and timer signals are not among them.
import { TOPIC, TOPIC_PREFIX } from '../../src/app/outbox.js';
import type { OutboxRecord, Storage } from '../../src/app/ports.js';

export async function chatRows(
  storage: Pick<Storage, 'listOutbox'>,
  filter: { pendingOnly?: boolean; limit?: number } = {},
): Promise<OutboxRecord[]> {
  const lists = await Promise.all(
    [TOPIC.chatChange, TOPIC_PREFIX.notify].map((topicPrefix) =>
      storage.listOutbox({ ...filter, topicPrefix }),
    ),
  );
  return lists.flat().sort((a, b) => a.id - b.id);
}
