// E-mail as a delivery channel (src/app/notifier.ts ChatNotifier): one plain-text message per
// placement, in the reader's language. No cards (there is nothing to click in an e-mail), so
// nothing to re-render either; the link back is the incident number in the subject.
import type { Transporter } from 'nodemailer';
import { EMAIL } from '../../src/app/delivery-plan.js';
import type { ChatNotifier, OutgoingMessage, SentMessage } from '../../src/app/notifier.js';

/** Subjects stay on one line and short; the whole text is in the body. */
const SUBJECT_LENGTH = 120;

export function subjectOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= SUBJECT_LENGTH ? line : `${line.slice(0, SUBJECT_LENGTH - 1)}…`;
}

export class EmailNotifier implements ChatNotifier {
  readonly platform = EMAIL;

  constructor(
    private readonly transport: Pick<Transporter, 'sendMail'>,
    private readonly from: string,
  ) {}

  async refresh(): Promise<void> {}

  /** Throws on an SMTP failure, so the outbox retries it later. */
  async send(m: OutgoingMessage): Promise<{ message: SentMessage; card: null } | null> {
    if (m.to.kind !== 'direct') return null; // the plan gives e-mail only people
    const info = await this.transport.sendMail({
      from: this.from,
      to: m.to.user,
      subject: subjectOf(m.text),
      text: m.text,
    });
    return {
      message: { conversationId: m.to.user, messageId: String(info.messageId), threadId: null },
      card: null,
    };
  }
}
