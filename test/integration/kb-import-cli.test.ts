// `npm run kb:import` as a desk admin meets it, on a PGlite data directory: a GBK CSV saved by
// Chinese Excel is read, every bad row of a broken file is reported in the configured language
// and nothing is imported, a missing configuration is warned about, and a large import shows
// progress and refreshes the planner statistics.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect.js';
import { createKnowledgeStore } from '../../db/knowledge-store.js';
import { createStorage } from '../../db/repository.js';
import type { KnowledgeEntry } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import { defaultAnalyzer } from '../../src/matching/production-analyzer.js';
import { testConfig } from '../fixtures/config.js';
import { knowledgeEntry } from '../fixtures/knowledge.js';

const exec = promisify(execFile);

describe('kb:import command', { timeout: 120_000 }, () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kb-import-'));
    dataDir = join(dir, 'data');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function kbImport(args: string[], env: Record<string, string> = {}) {
    try {
      const out = await exec(process.execPath, ['--import', 'tsx', 'scripts/kb-import.ts', ...args], {
        env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, ITSS_CONFIG: '', LANG: 'C', ...env },
        maxBuffer: 10 * 1024 * 1024,
      });
      return { code: 0, stdout: out.stdout, stderr: out.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  async function entry(ref: string) {
    const db = await openDatabase({ dataDir });
    try {
      return await createKnowledgeStore(db, defaultAnalyzer()).getEntry(ref);
    } finally {
      await db.close();
    }
  }

  it('reports every bad row of a broken CSV in the configured language and imports nothing', async () => {
    const file = join(dir, 'broken.csv');
    const rows = [
      'ref,title,solution,category,lang',
      'KB-1,打印机脱机,重启服务,network,zh',
      'KB-2,"VPN 断开,调 MTU,network,zh',
      'KB-3,只有两列',
      'KB-4,Outlook,Rebuild OST,no-such-category,en',
      'KB-5,ok',
    ];
    await writeFile(file, `${rows.join('\n')}\n`);
    const { code, stderr } = await kbImport([file, '--config', 'config/example.zh-CN.yaml']);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}: 第 3 行: 此行开始的引号单元格没有正确闭合`);
    expect(stderr).toContain(`${file}: 第 4 行: 有 2 列，表头有 5 列`);
    expect(stderr).toContain(`${file}: 第 6 行: 有 2 列，表头有 5 列`);
    expect(stderr).toContain(`${file}: 第 5 行: category: "no-such-category" 不是配置中的分类`);
    expect(stderr).toContain(`${file}: 第 1 行: lang: 未知字段：没有语言字段`);
    expect(stderr).not.toContain(`${file}: 第 2 行: lang`);
    expect(stderr).toContain('未导入任何条目');
    expect(await entry('KB-1')).toBeNull();
  });

  it("refuses a row whose ref is an entry saved from chat, in the person's language, and imports nothing", async () => {
    const db = await openDatabase({ dataDir });
    let draft: KnowledgeEntry;
    let number: string;
    try {
      const triage = new TriageService(createStorage(db), testConfig());
      const reported = await triage.report(
        { title: '扫描仪无法扫描到共享文件夹', description: '', service: null, severity: null },
        { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] },
      );
      number = reported.incident.number;
      // As "Save as knowledge" writes it: no ref of its own, so one from knowledge_ref_seq.
      draft = await createKnowledgeStore(db, defaultAnalyzer()).createEntry(
        knowledgeEntry('', {
          title: '扫描仪无法扫描到共享文件夹',
          solution: '重新输入共享文件夹的密码。',
          status: 'draft',
          originIncidentId: reported.incident.id,
          createdBy: 'slack:UAGENT',
        }),
      );
    } finally {
      await db.close();
    }
    const file = join(dir, 'own-numbering.csv');
    await writeFile(
      file,
      `编号,标题,解决办法\nKB-OWN-1,打印机脱机,重启打印服务\n${draft.ref},扫描失败,检查网络\n`,
    );
    const zh = await kbImport([file], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain(
      `${file}: 第 3 行: 编号（字段 ref）: ${draft.ref} 是从聊天中保存的知识条目（事件 ${number}），导入不会覆盖它：请为这一行换一个编号`,
    );
    expect(zh.stderr).toContain('共 1 个问题；未导入任何条目。');
    const en = await kbImport([file]);
    expect(en.stderr).toContain(
      `${file}: line 3: 编号 (ref): ${draft.ref} is an entry saved from chat (incident ${number}); an import does not overwrite it: give this row another ref`,
    );
    expect(await entry(draft.ref)).toMatchObject({ title: '扫描仪无法扫描到共享文件夹', status: 'draft' });
    expect(await entry('KB-OWN-1')).toBeNull();
  });

  it('reports a bad header once, not on each of 50 rows', async () => {
    const file = join(dir, 'header.csv');
    const rows = Array.from({ length: 50 }, (_, i) => `KB-H${i},Printer ${i},Restart the spooler`);
    await writeFile(file, `${['ref,name,fix', ...rows].join('\n')}\n`);
    const { code, stderr } = await kbImport([file, '--config', 'config/example.en.yaml']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `${file}: line 1: name: unknown field; did you mean "title"?`,
      `${file}: line 1: fix: unknown field; did you mean "solution"?`,
      `${file}: line 1: title: the header has no such column (required; accepted names: title, 标题)`,
      `${file}: line 1: solution: the header has no such column (required; accepted names: solution, workaround, resolution, 解决方案, 变通方法, 解决办法, 临时方案)`,
      '',
      '4 problems; nothing was imported.',
    ]);
  });

  it('names a missing file in its usual form, and still checks the other files', async () => {
    const good = join(dir, 'good.csv');
    await writeFile(good, 'Ref;Title;Solution\nKB-M1;Printer offline;Restart the spooler\n');
    const missing = join(dir, 'nosuch.csv');
    const { code, stdout, stderr } = await kbImport(['--dry-run', missing, good], { LANG: 'zh_CN.UTF-8' });
    expect(code).toBe(1);
    expect(stderr).toContain(`${missing}: 无法读取：文件或目录不存在`);
    expect(stderr).not.toContain('ENOENT');
    expect(stderr).toContain('共 1 个问题');
    expect(stdout).toBe('');
  });

  it('reads a GBK CSV from Chinese Excel, and warns that categories go unchecked without a configuration', async () => {
    const file = join(dir, 'excel.csv');
    const csv = 'ref,title,solution,category\r\nKB-10,打印机脱机,重启打印服务,打印机\r\n';
    await writeFile(file, iconv.encode(csv, 'gbk'));
    const { code, stdout, stderr } = await kbImport([file]);
    expect(code).toBe(0);
    expect(stderr).toContain(`${file}: not UTF-8, read as gb18030`);
    expect(stderr).toContain('categories are NOT checked');
    expect(stdout).toContain('imported 1 entry: 1 new, 0 updated');
    expect((await entry('KB-10'))?.title).toBe('打印机脱机');
  });

  it('reads Excel\'s "Unicode text" (UTF-16 with a BOM, tabs), and names --encoding for UTF-16 without one', async () => {
    const tsv = 'ref\ttitle\tsolution\r\nKB-16\t打印机脱机\t重启打印服务\r\n';
    const file = join(dir, 'kb16.csv');
    await writeFile(file, iconv.encode(tsv, 'utf-16le', { addBOM: true }));
    const ok = await kbImport(['--dry-run', file]);
    expect(ok.stderr).toContain(`${file}: not UTF-8, read as utf-16le`);
    expect(ok.stdout).toBe('1 entry is valid (dry run: nothing written).\n');
    expect(ok.code).toBe(0);
    await writeFile(file, iconv.encode(tsv, 'utf-16le'));
    const bare = await kbImport(['--dry-run', file], { LANG: 'zh_CN.UTF-8' });
    expect(bare.code).toBe(1);
    expect(bare.stderr.trim().split('\n')).toEqual([
      `${file}: 看起来是没有字节顺序标记（BOM）的 UTF-16 文件（字符之间有 NUL 字节），因此未读取；请尝试 --encoding utf-16le`,
      '',
      '共 1 个问题；未导入任何条目。',
    ]);
    expect((await kbImport(['--dry-run', '--encoding', 'utf-16le', file])).code).toBe(0);
  });

  it('reads a named .txt (Excel\'s "Unicode text") as CSV, but not the .txt notes of a folder', async () => {
    const tsv = 'ref\ttitle\tsolution\r\nKB-17\t打印机脱机\t重启打印服务\r\n';
    const file = join(dir, 'unicode.txt');
    await writeFile(file, iconv.encode(tsv, 'utf-16le', { addBOM: true }));
    const named = await kbImport(['--dry-run', file]);
    expect(named.stdout).toBe('1 entry is valid (dry run: nothing written).\n');
    expect(named.code).toBe(0);
    const folder = join(dir, 'folder');
    await mkdir(folder);
    await writeFile(join(folder, 'notes.txt'), 'call the vendor on Monday\n');
    await writeFile(join(folder, 'kb.csv'), 'ref,title,solution\nKB-18,VPN drops,Lower the MTU\n');
    const scanned = await kbImport(['--dry-run', folder]);
    expect(scanned.stdout).toBe('1 entry is valid (dry run: nothing written).\n');
    expect(scanned.code).toBe(0);
    const other = join(dir, 'kb.xlsx');
    await writeFile(other, 'PK');
    const refused = await kbImport(['--dry-run', other], { LANG: 'zh_CN.UTF-8' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${other}: 不支持的格式（应为 .csv, .json, .md, .markdown, .txt, .tsv）`,
    );
  });

  it('shows progress on a large import and refreshes the planner statistics', async () => {
    const file = join(dir, 'large.json');
    const entries = Array.from({ length: 2000 }, (_, i) => ({
      ref: `BULK-${i}`,
      title: `Printer ${i} offline`,
      solution: 'Restart the spooler',
    }));
    await writeFile(file, JSON.stringify(entries));
    const { code, stderr } = await kbImport([file, '--config', 'config/example.en.yaml']);
    expect(code).toBe(0);
    expect(stderr).toContain('indexed 1000 of 2000 entries');
    expect(stderr).toContain('planner statistics updated (ANALYZE)');
    expect((await entry('BULK-1999'))?.title).toBe('Printer 1999 offline');
  });
});
