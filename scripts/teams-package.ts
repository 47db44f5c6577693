// `npm run teams:package`: builds teams-app.zip, the app package to upload to Teams (Developer
// Portal, Teams admin centre, or "Upload a custom app"), from manifest/teams/.
//   MicrosoftAppId   the bot's Microsoft App ID (Azure Bot / Entra app registration): required
//   TEAMS_APP_ID     the Teams app id (a GUID); defaults to MicrosoftAppId
//   BOT_DOMAIN       the bot's public host name (e.g. bot.example.com), listed in validDomains
// The manifest is validated against its schema (bundled with @microsoft/app-manifest, offline)
// and the icons are checked before anything is written.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zip } from './zip.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_DIR = join(ROOT, 'manifest', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

export interface PackageOptions {
  appId: string;
  teamsAppId?: string;
  domain?: string;
  dir?: string;
}

type Json = Record<string, unknown>;

/** PNG width and height from its IHDR, or null when it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR')
    return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The manifest with the real ids and domain put in. */
export function fillManifest(manifest: Json, opts: PackageOptions): Json {
  const text = JSON.stringify(manifest).replaceAll(PLACEHOLDER, opts.appId);
  const filled = JSON.parse(text) as Json;
  filled.id = opts.teamsAppId ?? opts.appId;
  if (opts.domain) filled.validDomains = [opts.domain];
  return filled;
}

export async function buildPackage(opts: PackageOptions): Promise<{ zip: Buffer; problems: string[] }> {
  const dir = opts.dir ?? MANIFEST_DIR;
  const problems: string[] = [];
  if (!GUID.test(opts.appId) || opts.appId === PLACEHOLDER)
    problems.push("MicrosoftAppId: expected the bot's Microsoft App ID (a GUID)");
  if (opts.teamsAppId !== undefined && !GUID.test(opts.teamsAppId))
    problems.push('TEAMS_APP_ID: expected a GUID');
  if (opts.domain !== undefined && !/^[a-z0-9.-]+$/i.test(opts.domain))
    problems.push('BOT_DOMAIN: expected a host name such as bot.example.com (no scheme, no path)');
  if (problems.length > 0) return { zip: Buffer.alloc(0), problems };
  const manifest = fillManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json, opts);
  const { AppManifestUtils } = await import('@microsoft/app-manifest');
  problems.push(
    ...(await AppManifestUtils.validateAgainstSchema(manifest as never)).map((p) => `manifest.json ${p}`),
  );
  const icons = manifest.icons as { color: string; outline: string };
  const color = readFileSync(join(dir, icons.color));
  const outline = readFileSync(join(dir, icons.outline));
  const want = (name: string, png: Buffer, size: number) => {
    const got = pngSize(png);
    if (!got || got.width !== size || got.height !== size)
      problems.push(`${name}: expected a ${size}×${size} PNG`);
  };
  want(icons.color, color, 192);
  want(icons.outline, outline, 32);
  const localizations = ((manifest.localizationInfo as Json | undefined)?.additionalLanguages ?? []) as {
    file: string;
  }[];
  const entries = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
    { name: icons.color, data: color },
    { name: icons.outline, data: outline },
    ...localizations.map((l) => ({ name: l.file, data: readFileSync(join(dir, l.file)) })),
  ];
  return { zip: zip(entries), problems };
}

async function main(): Promise<number> {
  const env = (name: string) => process.env[name]?.trim() || undefined;
  const out = join(ROOT, 'teams-app.zip');
  const teamsAppId = env('TEAMS_APP_ID');
  const domain = env('BOT_DOMAIN');
  const { zip: bytes, problems } = await buildPackage({
    appId: env('MicrosoftAppId') ?? '',
    ...(teamsAppId ? { teamsAppId } : {}),
    ...(domain ? { domain } : {}),
  });
  if (problems.length > 0) {
    console.error(`teams:package: not built\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return 1;
  }
  writeFileSync(out, bytes);
  console.log(
    `teams:package: ${out} (${bytes.length} bytes) — upload it in Teams: Apps → Manage your apps → Upload an app`,
  );
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
