// What one pending timer leaves in Redis, byte for byte, and the shapes older versions left there.
//
// Per timer: a BullMQ job hash (name = the timer key, data = the instant armed for, opts with the
// job id in them), its member in the delayed set, and one field of its incident's registry hash.
// Redis keeps a small hash as one listpack whose allocation is rounded up to a size class
// (…, 160, 192, 224 B), so a few characters decide 32 bytes: hence the bare epoch number as data,
// a 14-character job id, and the instant in base 36 in the registry.
//
// Jobs and registry entries armed by the previous version (job id `t{hash}.v{version}`, data
// `{ at }`, registry value `{version}@{epoch ms}`) are still read: such a job fires, and is
// cancelled or moved, like a new one; each is replaced by the new shape the next time it is armed.
import { createHash } from 'node:crypto';
import { Job, Queue } from 'bullmq';

/** The job's data: the instant armed for, in epoch ms (older jobs: `{ at }`). */
export type TimerJobData = number | { at: number };

/** What the registry says is armed for one key: the version that armed it, its instant. */
export interface Registered {
  version: number;
  at: number;
  /** Armed by the previous version: its job has the legacy id (legacyTimerJobId). */
  legacy: boolean;
}

/**
 * 12 base64url characters (72 bits) of SHA-256 of the installation id and the key, `.`, the
 * version. The installation id keeps two databases on one Redis prefix apart (a re-created
 * database reuses incident versions; a job id already taken would silently not be armed). The
 * `.` keeps it from ever being all digits (BullMQ refuses those), base64url has no `:`.
 */
export const timerJobId = (key: string, version: number, installationId = ''): string =>
  `${keyHash(key, installationId)}.${version}`;

/** The id the previous version gave the same job. */
export const legacyTimerJobId = (key: string, version: number, installationId = ''): string =>
  `t${keyHash(key, installationId)}.v${version}`;

function keyHash(key: string, installationId: string): string {
  return createHash('sha256')
    .update(installationId ? `${installationId}/${key}` : key)
    .digest('base64url')
    .slice(0, 12);
}

/** Either shape: `….{version}` or `….v{version}`. */
export const versionOfJobId = (id: string): number =>
  Number(id.slice(id.lastIndexOf('.') + 1).replace(/^v/, ''));

export const isLegacyJobId = (id: string): boolean => /\.v\d+$/.test(id);

export const atOfJobData = (data: TimerJobData): number => (typeof data === 'number' ? data : data.at);

/** Registry value: `{version}:{epoch ms base 36}`; the previous version's `{version}@{epoch ms}`. */
export function encodeRegistered(r: Registered): string {
  return r.legacy ? `${r.version}@${r.at}` : `${r.version}:${r.at.toString(36)}`;
}

export function decodeRegistered(raw: string): Registered | null {
  const legacy = raw.includes('@');
  const [v, at] = raw.split(legacy ? '@' : ':');
  const r = { version: Number(v), at: legacy ? Number(at) : Number.parseInt(at ?? '', 36), legacy };
  return Number.isFinite(r.version) && Number.isFinite(r.at) ? r : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The job's name: the timer key, its incident id (a UUID, as TriageService makes them) written as
 * `~` + its 16 bytes in 22 base64url characters — 13 characters fewer, which with the job id out
 * of the stored options (TimerQueue) brings the job hash down to the 160-byte class. Any other
 * key is the name as it is (tests; jobs of the previous version).
 */
export function jobNameOf(key: string): string {
  const dot = key.indexOf('.');
  const incidentId = key.slice(0, dot);
  if (!UUID.test(incidentId)) return key;
  return `~${Buffer.from(incidentId.replaceAll('-', ''), 'hex').toString('base64url')}${key.slice(dot)}`;
}

export function keyOfJobName(name: string): string {
  if (!name.startsWith('~')) return name;
  const dot = name.indexOf('.');
  const h = Buffer.from(name.slice(1, dot), 'base64url').toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}${name.slice(dot)}`;
}

/**
 * BullMQ stores every option a job is added with, its id too — which is already the job's Redis
 * key and its member of the delayed set. This job drops it from the stored options (25 bytes per
 * pending timer); BullMQ reads a stored job's id from its key, never from its options.
 */
class TimerJob extends Job {
  constructor(...args: ConstructorParameters<typeof Job>) {
    super(...args);
    delete this.opts.jobId;
  }
}

/** The timer queue: adds TimerJobs (QueueBase.Job is BullMQ's hook for a job class of one's own). */
export class TimerQueue extends Queue {
  protected override get Job(): typeof Job {
    return TimerJob as typeof Job;
  }
}
