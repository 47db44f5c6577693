// The Teams app package: manifest on the newest schema bundled with @microsoft/app-manifest
// (validated offline), its Chinese localization, real icons, and the zip `npm run teams:package`
// builds. The manifest's command list is what the bot understands.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';
import { chatCommand } from '../../../adapters/teams/bot.js';
import { crc32 } from '../../../scripts/binary.js';
import { colorIcon, outlineIcon } from '../../../scripts/teams-icons.js';
import { buildPackage, MANIFEST_DIR, pngSize } from '../../../scripts/teams-package.js';

type Json = Record<string, unknown>;
const read = (name: string) => JSON.parse(readFileSync(join(MANIFEST_DIR, name), 'utf8')) as Json;
const manifest = read('manifest.json');
const zhCN = read('zh-cn.json');

const require = createRequire(import.meta.url);
const manifestPackage = dirname(require.resolve('@microsoft/app-manifest/package.json'));
const schemas = join(manifestPackage, 'build', 'json-schemas', 'teams');

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG (all our icons are). */
function pixels(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const size = pngSize(png);
  if (!size) throw new Error('not a PNG');
  expect(png[24]).toBe(8); // bit depth
  expect(png[25]).toBe(6); // RGBA
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = size.width * 4;
  const rgba = Buffer.alloc(size.height * stride);
  for (let y = 0; y < size.height; y++) {
    expect(raw[y * (stride + 1)]).toBe(0); // filter type none
    raw.copy(rgba, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { ...size, rgba };
}

/** Entries of a zip, inflated and checked against their CRC. */
function unzip(bytes: Buffer): Map<string, Buffer> {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(bytes.readUInt32LE(at)).toBe(0x02014b50);
    const crc = bytes.readUInt32LE(at + 16);
    const compressed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = inflateRawSync(bytes.subarray(dataAt, dataAt + compressed));
    expect(crc32(data), name).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

describe('Teams app manifest', () => {
  it('is on the newest manifest schema bundled with @microsoft/app-manifest', () => {
    const versions = readdirSync(schemas)
      .filter((v) => /^v\d+\.\d+$/.test(v))
      .map((v) => v.slice(1))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(manifest.manifestVersion).toBe(versions.at(-1));
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${versions.at(-1)}/MicrosoftTeams.schema.json`,
    );
  });

  it('validates against its schema, offline', async () => {
    expect(await AppManifestUtils.validateAgainstSchema(manifest as never)).toEqual([]);
  });

  it('fails validation when something is wrong (the check can fail)', async () => {
    const broken = { ...manifest, accentColor: 'blue', name: { short: 'x'.repeat(31) } };
    expect((await AppManifestUtils.validateAgainstSchema(broken as never)).length).toBeGreaterThanOrEqual(2);
  });

  it('has a Chinese localization valid against the localization schema', () => {
    const Ajv = createRequire(join(manifestPackage, 'package.json'))('ajv-draft-04');
    const addFormats = createRequire(join(manifestPackage, 'package.json'))('ajv-formats');
    const version = String(manifest.manifestVersion);
    const schema = JSON.parse(
      readFileSync(join(schemas, `v${version}`, 'MicrosoftTeams.Localization.schema.json'), 'utf8'),
    );
    // The schema's patterns use \b inside […], which only non-unicode regular expressions accept.
    const ajv = new (Ajv.default ?? Ajv)({ allErrors: true, strictTypes: false, unicodeRegExp: false });
    (addFormats.default ?? addFormats)(ajv, ['uri', 'email', 'regex']);
    const validate = ajv.compile(schema);
    expect(validate(zhCN), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...zhCN, 'bots[0].commandLists[0].commands[0].tittle': 'x' })).toBe(false);
    for (const [key, text] of Object.entries(zhCN))
      if (key !== '$schema') expect(text, key).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lists commands the bot understands, in both languages', () => {
    const bots = manifest.bots as { commandLists: { commands: { title: string }[] }[] }[];
    const titles = bots.flatMap((b) => b.commandLists.flatMap((l) => l.commands.map((c) => c.title)));
    const zhTitles = Object.entries(zhCN)
      .filter(([k]) => k.startsWith('bots[0]') && k.endsWith('.title'))
      .map(([, v]) => String(v));
    expect(titles).toEqual(expect.arrayContaining(['report', 'my incidents', 'queue', 'help']));
    for (const title of [...titles, ...zhTitles]) expect(chatCommand(title), title).not.toBeNull();
    expect(chatCommand('my incidents')).toBe('mine');
    expect(chatCommand('队列')).toBe('queue');
    const [extension] = manifest.composeExtensions as { commands: Json[] }[];
    expect(extension?.commands).toEqual([
      expect.objectContaining({
        id: 'reportIncident',
        type: 'action',
        context: ['message'],
        fetchTask: true,
      }),
    ]);
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = pixels(readFileSync(join(MANIFEST_DIR, 'color.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = pixels(readFileSync(join(MANIFEST_DIR, 'outline.png')));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const [r, g, b, a] = [outline.rgba[i], outline.rgba[i + 1], outline.rgba[i + 2], outline.rgba[i + 3]];
      if (a === 0) transparent++;
      else {
        expect([r, g, b]).toEqual([255, 255, 255]);
        white++;
      }
    }
    expect(transparent).toBeGreaterThan(300);
    expect(white).toBeGreaterThan(100);
    expect(outline.rgba.readUInt8(3)).toBe(0); // corner
  });

  it('keeps the committed icons identical to what scripts/teams-icons.ts draws', () => {
    expect(colorIcon().equals(readFileSync(join(MANIFEST_DIR, 'color.png')))).toBe(true);
    expect(outlineIcon().equals(readFileSync(join(MANIFEST_DIR, 'outline.png')))).toBe(true);
  });
});

describe('npm run teams:package', () => {
  const appId = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';

  it('builds a zip with the manifest (real ids, domain), the icons and the localization', async () => {
    const { zip, problems } = await buildPackage({ appId, domain: 'bot.example.com' });
    expect(problems).toEqual([]);
    const files = unzip(zip);
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png', 'zh-cn.json']);
    const packaged = JSON.parse(String(files.get('manifest.json'))) as Json;
    expect(packaged).toMatchObject({
      id: appId,
      validDomains: ['bot.example.com'],
      webApplicationInfo: { id: appId },
    });
    expect((packaged.bots as Json[])[0]?.botId).toBe(appId);
    expect(JSON.stringify(packaged)).not.toContain('00000000-0000');
    expect(files.get('color.png')?.equals(readFileSync(join(MANIFEST_DIR, 'color.png')))).toBe(true);
  });

  it('refuses to build without a real app id', async () => {
    const { problems } = await buildPackage({ appId: '' });
    expect(problems.join('\n')).toContain('MicrosoftAppId');
  });
});
