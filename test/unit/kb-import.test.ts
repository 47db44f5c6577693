// kb:import formats and validation: CSV quoting, JSON, Markdown front matter, per-record
// problems, and nothing accepted when anything is wrong.

import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFile, EncodingError } from '../../src/cli/kb-encoding.js';
import { FormatError, formatOf, parseCsv, parseJson, parseMarkdown } from '../../src/cli/kb-formats.js';
import {
  ALIASES,
  checkCsvHeader,
  formatProblem,
  type ImportProblem,
  MAX_ENTRY_BYTES,
  sortProblems,
  validateRecords,
} from '../../src/cli/knowledge-import.js';

describe('CSV', () => {
  it('reads quoted cells with commas, quotes and line breaks, and names records by line', () => {
    const csv =
      '\uFEFFtitle,solution,tags\r\n"VPN, drops","Set ""MTU"" to 1300\nthen reconnect",vpn;mtu\r\n\r\nPrinter,Restart,\n';
    expect(parseCsv(csv)).toEqual({
      header: ['title', 'solution', 'tags'],
      records: [
        {
          where: 'line 2',
          fields: { title: 'VPN, drops', solution: 'Set "MTU" to 1300\nthen reconnect', tags: 'vpn;mtu' },
        },
        { where: 'line 5', fields: { title: 'Printer', solution: 'Restart', tags: '' } },
      ],
      problems: [],
    });
  });

  it('reports every row with the wrong number of columns, not just the first', () => {
    const { records, problems } = parseCsv('a,b\n1,2,3\nok,ok\n4\n5,6,7,8\n');
    expect(problems.map((p) => `${p.where} ${p.key} ${JSON.stringify(p.params)}`)).toEqual([
      'line 2 csv_columns {"got":3,"want":2}',
      'line 4 csv_columns {"got":1,"want":2}',
      'line 5 csv_columns {"got":4,"want":2}',
    ]);
    expect(records.map((r) => r.where)).toEqual(['line 3']);
  });

  it('reports an unclosed quote where it opened and still reports the bad rows after it', () => {
    const never = parseCsv('a,b\n1,"open\n2,3\n4\n');
    expect(never.problems.map((p) => `${p.where} ${p.key}`)).toEqual([
      'line 2 csv_quote',
      'line 4 csv_columns',
    ]);
    expect(never.records.map((r) => r.where)).toEqual(['line 3']);
    // A quote "closed" by the next quoted cell is caught by the text after the closing quote.
    const paired = parseCsv('a,b\n1,"open\n2,"x"y\n3\n5,6\n');
    expect(paired.problems.map((p) => `${p.where} ${p.key}`)).toEqual([
      'line 2 csv_quote',
      'line 3 csv_quote',
      'line 4 csv_columns',
    ]);
    expect(paired.records.map((r) => r.where)).toEqual(['line 5']);
  });
});

describe('CSV files as they come', () => {
  it('counts lines of a file Excel for Mac saved with lone CRs, inside quoted cells too', () => {
    const multi = parseCsv('a,b\r"x\ry",2\r3\r5,6\r');
    expect(multi.problems.map((p) => `${p.where} ${p.key}`)).toEqual(['line 4 csv_columns']);
    expect(multi.records.map((r) => r.where)).toEqual(['line 2', 'line 5']);
    // After a quote never closed, reading starts again on the next line, as with LF.
    const open = parseCsv('a,b\r1,"open\r2,3\r4\r');
    expect(open.problems.map((p) => `${p.where} ${p.key}`)).toEqual([
      'line 2 csv_quote',
      'line 4 csv_columns',
    ]);
    expect(open.records.map((r) => r.where)).toEqual(['line 3']);
  });

  it('reads a file of 200,000 rows (a spread push overflowed the stack at ~125,000)', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `KB-${i},T${i}`);
    const { records, problems } = parseCsv(['ref,title', ...rows].join('\n'));
    expect(problems).toEqual([]);
    expect(records.at(-1)).toEqual({ where: 'line 200001', fields: { ref: 'KB-199999', title: 'T199999' } });
  });

  it('reports a bad quote on the header line with the missing header', () => {
    expect(parseCsv('title,"solution\n').problems.map((p) => `${p.where} ${p.key}`)).toEqual([
      'line 1 csv_empty',
      'line 1 csv_quote',
    ]);
  });
});

describe('CSV separators', () => {
  it('reads a file European Excel saved with ";", or one with tabs, by its header', () => {
    const semi = parseCsv('Ref;Title;Solution\r\nKB-1;"VPN; drops";Set MTU, then reconnect\r\n');
    expect(semi.header).toEqual(['Ref', 'Title', 'Solution']);
    expect(semi.records[0]?.fields).toEqual({
      Ref: 'KB-1',
      Title: 'VPN; drops',
      Solution: 'Set MTU, then reconnect',
    });
    expect(semi.problems).toEqual([]);
    const tabs = parseCsv('ref\ttitle\tsolution\nKB-2\tPrinter\tRestart; then print\n');
    expect(tabs.records[0]?.fields).toEqual({
      ref: 'KB-2',
      title: 'Printer',
      solution: 'Restart; then print',
    });
    // A comma in the header decides: semicolons in the rows are text.
    expect(parseCsv('title,solution\nA;B,C;D\n').records[0]?.fields).toEqual({
      title: 'A;B',
      solution: 'C;D',
    });
  });
});

describe('CSV header', () => {
  const lines = (problems: readonly ImportProblem[]) => problems.map((p) => formatProblem(p, 'en'));

  it('reports an unknown or repeated column once, as line 1, and still checks the rows', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `KB-${i},Title ${i},Fix ${i},x,y`);
    const csv = parseCsv(['ref,title,solution,colour,Workaround', ...rows, 'bad ref,t,s,x,y'].join('\n'));
    const { records, problems } = checkCsvHeader(csv);
    expect(lines(problems)).toEqual([
      'line 1: colour: unknown field',
      'line 1: Workaround: the same field as column "solution"; keep one of them',
    ]);
    expect(records).toHaveLength(51);
    expect(Object.keys(records[0]?.fields ?? {})).toEqual(['ref', 'title', 'solution']);
    expect(lines(validateRecords(records).problems)).toEqual([
      'line 52: ref: letters, digits, "-", "_" or "." (at most 64), e.g. KB-000123',
    ]);
  });

  it('ignores the empty columns Excel leaves at the end, and names a nameless one with data', () => {
    const trailing = checkCsvHeader(
      parseCsv('Ref;Title;Solution;;\nKB-1;Printer;Restart;;\nKB-2;VPN;MTU;;\n'),
    );
    expect(trailing.problems).toEqual([]);
    expect(trailing.records[1]?.fields).toEqual({ Ref: 'KB-2', Title: 'VPN', Solution: 'MTU' });
    const named = checkCsvHeader(parseCsv('title,,solution,\nPrinter,x,Restart,\n'));
    expect(lines(named.problems)).toEqual(['line 1: column 2 has no name in the header']);
    expect(formatProblem(named.problems[0] as ImportProblem, 'zh-CN')).toBe(
      '第 1 行: 第 2 列在表头中没有列名',
    );
  });

  it('reports a missing required column once instead of on every row', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `KB-${i},Printer ${i},Restart`);
    const { records, problems } = checkCsvHeader(parseCsv(['ref,name,fix', ...rows, 'KB-9'].join('\n')));
    expect(lines(problems)).toEqual([
      'line 1: name: unknown field; did you mean "title"?',
      'line 1: fix: unknown field; did you mean "solution"?',
      'line 1: title: the header has no such column (required; accepted names: title, 标题)',
      'line 1: solution: the header has no such column (required; accepted names: solution, workaround, resolution, 解决方案, 变通方法, 解决办法, 临时方案)',
      'line 52: 1 columns, the header has 3',
    ]);
    expect(records).toEqual([]);
    // A kind column may hold problems under investigation, which need no solution.
    expect(checkCsvHeader(parseCsv('Kind,Title\nproblem,Disk fills up\n')).problems).toEqual([]);
  });
});

describe('JSON and Markdown', () => {
  it('reads an array of objects and reports a non-object entry', () => {
    expect(parseJson('[{"title":"x"}]')).toEqual([{ where: 'entry 1', fields: { title: 'x' } }]);
    expect(() => parseJson('[1]')).toThrow(FormatError);
    expect(() => parseJson('{oops')).toThrow(/json_invalid/);
  });

  it('takes fields from front matter and splits the body into symptoms and solution', () => {
    const md = [
      '---',
      'ref: KB-900001',
      'tags: [outlook, ost]',
      '---',
      '# Outlook 打不开',
      '',
      '## 症状',
      '提示 OST 不是数据文件。',
      '## Solution',
      'Rename the OST file.',
    ].join('\n');
    expect(parseMarkdown(md, 'a.md').fields).toEqual({
      ref: 'KB-900001',
      tags: ['outlook', 'ost'],
      title: 'Outlook 打不开',
      symptoms: '提示 OST 不是数据文件。',
      solution: 'Rename the OST file.',
    });
    expect(() => parseMarkdown('# no front matter', 'b.md')).toThrow(/b.md: md_front/);
  });
});

describe('validation', () => {
  const record = (fields: Record<string, unknown>, where = 'line 2') => ({ where, fields });

  it('turns valid records into entries with defaults', () => {
    const { entries, problems } = validateRecords([
      record({
        title: 'Printer offline',
        solution: 'Restart spooler',
        tags: 'printer, spooler',
        last_verified: '2025-03-31',
      }),
    ]);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        ref: null,
        kind: 'article',
        title: 'Printer offline',
        symptoms: '',
        solution: 'Restart spooler',
        category: null,
        tags: ['printer', 'spooler'],
        sourceUrl: null,
        status: 'published',
        lastVerifiedAt: new Date('2025-03-31'),
      },
    ]);
  });

  it('reports every problem of every record and accepts nothing', () => {
    const { entries, problems } = validateRecords(
      [
        record(
          { ref: 'KE 1', kind: 'faq', title: '', status: 'live', colour: 'red', source: 'ftp://x' },
          'line 2',
        ),
        record({ ref: 'KB-1', title: 'ok', solution: 'ok', category: 'nope', verified: 'soon' }, 'line 3'),
        record({ ref: 'KB-1', title: 'dup', solution: 'x' }, 'line 4'),
      ],
      new Set(['printers']),
    );
    expect(entries).toEqual([]);
    expect(problems.map((p) => `${p.where} ${p.field}`)).toEqual([
      'line 2 colour',
      'line 2 ref',
      'line 2 kind',
      'line 2 status',
      'line 2 title',
      'line 2 solution',
      'line 2 sourceUrl',
      'line 3 category',
      'line 3 lastVerifiedAt',
      'line 4 ref',
    ]);
    expect(problems.at(-1)?.params).toEqual({ where: 'line 3' });
    expect(formatProblem(problems.at(-1) as ImportProblem, 'en')).toBe('line 4: ref: also used by line 3');
    expect(formatProblem(problems.at(-1) as ImportProblem, 'zh-CN')).toBe('第 4 行: ref: 与第 3 行重复');
  });

  it('reads field names as Excel users write them, and kind and status values likewise', () => {
    const { entries, problems } = validateRecords([
      record({
        Ref: 'KB-7',
        ' Title ': 'VPN drops',
        SOLUTION: 'Set MTU 1300',
        'Source URL': 'https://kb.example/7',
        'Last-Verified': '2025-03-31',
        Kind: 'Known Error',
        Status: 'Published',
        ｔａｇｓ: 'vpn',
      }),
      record({ 标题: '打印机脱机', 解决方案: '重启服务', 分类: 'printers', 标签: '打印机；服务' }, 'line 3'),
    ]);
    expect(problems).toEqual([]);
    expect(entries[0]).toMatchObject({
      ref: 'KB-7',
      kind: 'known_error',
      title: 'VPN drops',
      solution: 'Set MTU 1300',
      sourceUrl: 'https://kb.example/7',
      status: 'published',
      tags: ['vpn'],
      lastVerifiedAt: new Date('2025-03-31'),
    });
    expect(entries[1]).toMatchObject({ title: '打印机脱机', solution: '重启服务', category: 'printers' });
    expect(entries[1]?.tags).toEqual(['打印机', '服务']);
    // Still unknown: a near miss gets its hint in any case.
    expect(keysOf(validateRecords([record({ TITEL: 'x', Solution: 'y' })]).problems)).toEqual([
      'TITEL unknown_field_hint',
      'title required',
    ]);
  });

  it('reads kind and status as a Chinese desk writes them: the labels the bot shows', () => {
    const rows = [
      ['知识文章', '草稿', 'article', 'draft'],
      ['已知错误', '已发布', 'known_error', 'published'],
      ['问题记录', '已停用', 'problem', 'retired'],
      ['历史事件', '发布', 'incident', 'published'],
      ['问题', '停用', 'problem', 'retired'],
      [' 文章 ', '草稿', 'article', 'draft'],
    ];
    const { entries, problems } = validateRecords(
      rows.map(([kind, status], i) =>
        record({ 类型: kind, 状态: status, 标题: '打印机脱机', 解决方案: '重启服务' }, `line ${i + 2}`),
      ),
    );
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.kind, e.status])).toEqual(rows.map(([, , kind, status]) => [kind, status]));
    const wrong = validateRecords([
      record({ 类型: '文档', 状态: '上线', title: 'x', solution: 'y' }),
    ]).problems;
    expect(keysOf(wrong)).toEqual(['kind one_of', 'status one_of']);
    // The message lists the Chinese values too, which a desk writing 文档 would try next.
    expect(wrong.map((p) => formatProblem(p, 'zh-CN'))).toEqual([
      '第 2 行: 类型（字段 kind）: 应为以下之一：article/知识文章/文章, known_error/已知错误, problem/问题记录/问题, incident/历史事件/事件',
      '第 2 行: 状态（字段 status）: 应为以下之一：draft/草稿, published/已发布/发布, retired/已停用/停用',
    ]);
  });

  it('reads a Chinese header as a desk writes it, and suggests the field for words that could mean two', () => {
    const csv = [
      '编号,条目类型,标题,现象,解决办法,类别,标签,来源链接,状态,核实日期',
      'KB-1,已知错误,打印机脱机,打印任务卡住,重启打印服务,printers,打印机,https://kb.example/1,草稿,2025-03-31',
    ].join('\n');
    const { records, problems } = checkCsvHeader(parseCsv(csv));
    expect(problems).toEqual([]);
    const checked = validateRecords(records);
    expect(checked.problems).toEqual([]);
    expect(checked.entries[0]).toEqual({
      ref: 'KB-1',
      kind: 'known_error',
      title: '打印机脱机',
      symptoms: '打印任务卡住',
      solution: '重启打印服务',
      category: 'printers',
      tags: ['打印机'],
      sourceUrl: 'https://kb.example/1',
      status: 'draft',
      lastVerifiedAt: new Date('2025-03-31'),
    });
    for (const [alias, field] of [
      ['知识编号', 'ref'],
      ['分类', 'category'],
      ['临时方案', 'solution'],
      ['来源', 'sourceUrl'],
      ['链接', 'sourceUrl'],
      ['最后核实', 'lastVerifiedAt'],
    ]) {
      const header = field === 'solution' ? `标题,${alias}` : `标题,解决方案,${alias}`;
      const csv = checkCsvHeader(
        parseCsv(`${header}\nx,y,z\n`.replace(',z', field === 'solution' ? '' : ',z')),
      );
      expect(csv.problems, alias).toEqual([]);
      expect(Object.keys(csv.records[0]?.fields ?? {}), alias).toContain(alias);
    }
    const { problems: hinted } = validateRecords([
      record({ 名称: 'x', 内容: 'y', 描述: 'z', 关键字: 'a', 网址: 'b', 备注: 'c' }),
    ]);
    expect(hinted.map((p) => `${p.field} ${p.key} ${p.params?.name ?? '-'}`)).toEqual([
      '名称 unknown_field_hint title',
      '内容 unknown_field_hint solution',
      '描述 unknown_field_hint symptoms',
      '关键字 unknown_field_hint tags',
      '网址 unknown_field_hint sourceUrl',
      '备注 unknown_field -',
      'title required -',
      'solution solution_required -',
    ]);
  });

  it('names a column as the file wrote it, and the field it stands for when spelt otherwise', () => {
    const { problems } = validateRecords(
      [
        record({ 标题: 'x', 解决方案: '', 分类: 'nope', 来源: 'ftp://x' }, 'line 2'),
        record({ Title: 'x', Workaround: 'a\u0000b', Status: 'live' }, 'line 3'),
        record({ solution: 'y' }, 'line 4'),
      ],
      new Set(['printers']),
    );
    expect(problems.map((p) => formatProblem(p, 'en'))).toEqual([
      'line 2: 解决方案 (solution): required (a problem under investigation may leave it empty)',
      'line 2: 分类 (category): "nope" is not a configured category',
      'line 2: 来源 (sourceUrl): expected an http(s) link',
      'line 3: Workaround (solution): a control character (NUL or another C0 code) at character 2',
      'line 4: title: required',
    ]);
    expect(formatProblem(problems[1] as ImportProblem, 'zh-CN')).toBe(
      '第 2 行: 分类（字段 category）: "nope" 不是配置中的分类',
    );
    const status = validateRecords([record({ Title: 'x', Solution: 'y', STATUS: 'live' })]).problems;
    expect(formatProblem(status[0] as ImportProblem, 'en')).toMatch(/^line 2: STATUS: expected one of /);
  });

  it('lets a problem under investigation have no solution yet', () => {
    expect(validateRecords([record({ kind: 'problem', title: 'Root cause open' })]).problems).toEqual([]);
  });

  const keysOf = (problems: readonly ImportProblem[]) => problems.map((p) => `${p.field} ${p.key}`);

  it('suggests the field people meant, and says there is no language field', () => {
    const { problems } = validateRecords([
      record({ key: 'KB-1', titel: 'x', solution: 'y', lang: 'en', description: 'z', colour: 'red' }),
    ]);
    expect(keysOf(problems)).toEqual([
      'key unknown_field_hint',
      'titel unknown_field_hint',
      'lang no_language_field',
      'description unknown_field_hint',
      'colour unknown_field',
      'title required',
    ]);
    expect(problems.map((p) => p.params?.name ?? '-')).toEqual(['ref', 'title', '-', 'symptoms', '-', '-']);
    expect(formatProblem(problems[0] as ImportProblem, 'en')).toBe(
      'line 2: key: unknown field; did you mean "ref"?',
    );
  });

  it('names an entry over the size limit without printing it, and checks the other rows', () => {
    const dump = 'INSERT INTO t VALUES (1);\n'.repeat(5000);
    const { problems } = validateRecords([
      record({ title: 'dump', solution: dump }, 'line 2'),
      record({ title: '', solution: 'x' }, 'line 3'),
    ]);
    expect(dump.length).toBeGreaterThan(MAX_ENTRY_BYTES);
    expect(problems.map((p) => `${p.where} ${p.field} ${p.key}`)).toEqual([
      'line 2 * too_large',
      'line 3 title required',
    ]);
    const text = formatProblem(problems[0] as ImportProblem, 'en');
    expect(text).toBe(
      'line 2: this entry has 127 kB of text, at most 100 kB per entry (is it an export or a dump?)',
    );
  });

  it('reports NUL and control characters, lone surrogates and undecodable bytes by row and position', () => {
    const { entries, problems } = validateRecords([
      record({ title: 'a\u0000b', solution: 'ok' }, 'line 2'),
      record({ title: 'ok', solution: 'x\uD800y' }, 'line 3'),
      record({ title: 'ok', solution: 'ok', tags: ['fine', 'bad\uFFFD'] }, 'line 4'),
      record({ title: 'tab\tand\nnewline are fine', solution: 'ok\r\n' }, 'line 5'),
    ]);
    expect(entries).toEqual([]);
    expect(problems.map((p) => `${p.where} ${p.field} ${p.key} ${p.params?.at}`)).toEqual([
      'line 2 title bad_control 2',
      'line 3 solution bad_surrogate 2',
      'line 4 tags bad_utf8 4',
    ]);
  });
});

describe('problem order', () => {
  it('lists problems by file as given, then by line, whichever step found them', () => {
    const p = (where: string, field = 'file'): ImportProblem => ({ where, field, key: 'required' });
    const found = [
      p('b.csv: line 5'),
      p('a.csv: line 10'),
      p('b.csv: line 3', 'ref'),
      p('b.csv: line 3', 'kind'),
    ];
    const files = ['b.csv', 'a.csv'];
    expect(sortProblems([p('nosuch.csv'), ...found], files).map((x) => `${x.where} ${x.field}`)).toEqual([
      'nosuch.csv file',
      'b.csv: line 3 ref',
      'b.csv: line 3 kind',
      'b.csv: line 5 file',
      'a.csv: line 10 file',
    ]);
  });
});

describe('encodings', () => {
  const csv = 'title,solution\n打印机脱机,重启打印服务\n';

  it('reads UTF-8 with or without a BOM as is', () => {
    expect(decodeFile(Buffer.from(`\uFEFF${csv}`))).toEqual({
      text: csv,
      encoding: 'utf-8',
      detected: false,
    });
  });

  it('detects GB18030 (Chinese Excel) and reads it, or reads what --encoding names', () => {
    const gbk = iconv.encode(csv, 'gbk');
    expect(decodeFile(gbk)).toEqual({ text: csv, encoding: 'gb18030', detected: true });
    expect(decodeFile(gbk, 'gbk')).toEqual({ text: csv, encoding: 'gbk', detected: false });
    expect(() => decodeFile(gbk, 'klingon')).toThrow(EncodingError);
  });

  it('reads Excel\'s "Unicode text" (UTF-16 with a byte-order mark, TAB-separated) as a sheet', () => {
    const tsv = '编号\t标题\t解决方案\r\nKB-1\t打印机脱机\t"重启, 然后打印"\r\n';
    for (const encoding of ['utf-16le', 'utf-16be']) {
      const decoded = decodeFile(iconv.encode(tsv, encoding, { addBOM: true }));
      expect(decoded, encoding).toEqual({ text: tsv, encoding, detected: true });
      expect(parseCsv(decoded.text).records[0]?.fields).toEqual({
        编号: 'KB-1',
        标题: '打印机脱机',
        解决方案: '重启, 然后打印',
      });
    }
    // Without the mark it is not guessed at, but recognised, so the importer can say what to try.
    expect(decodeFile(iconv.encode(tsv, 'utf-16le')).looksLike).toBe('utf-16le');
    expect(decodeFile(iconv.encode(tsv, 'utf-16be')).looksLike).toBe('utf-16be');
    expect(decodeFile(Buffer.from(tsv)).looksLike).toBeUndefined();
    expect(decodeFile(iconv.encode(tsv, 'gbk')).looksLike).toBeUndefined();
  });

  it('keeps bytes that decode as nothing visible, so validation reports their row', () => {
    const bytes = Buffer.concat([
      Buffer.from('title,solution\nok,'),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from('\n'),
    ]);
    const { records } = parseCsv(decodeFile(bytes).text);
    const { problems } = validateRecords(records);
    expect(problems.map((p) => `${p.where} ${p.field} ${p.key}`)).toEqual(['line 2 solution bad_utf8']);
  });
});

describe('which files are read', () => {
  it('a file named on the command line may be Excel\'s "Unicode text" (.txt) or a .tsv, read as CSV', () => {
    expect(formatOf('kb.txt', true)).toBe('csv');
    expect(formatOf('dir/KB.TSV', true)).toBe('csv');
    expect(formatOf('kb.csv', true)).toBe('csv');
    expect(formatOf('kb.json', true)).toBe('json');
    expect(formatOf('kb.MD', true)).toBe('markdown');
    expect(formatOf('kb.xlsx', true)).toBeNull();
    expect(formatOf('txt', true)).toBeNull();
  });

  it("a folder's stray .txt and .tsv files are not read; its .csv, .json and .md are", () => {
    expect(formatOf('notes.txt', false)).toBeNull();
    expect(formatOf('export.tsv', false)).toBeNull();
    expect(formatOf('kb.csv', false)).toBe('csv');
    expect(formatOf('kb.json', false)).toBe('json');
    expect(formatOf('a/b.markdown', false)).toBe('markdown');
  });
});

describe('the user documentation (docs/knowledge-import.md)', () => {
  const doc = readFileSync('docs/knowledge-import.md', 'utf8');

  it('lists every field with every accepted name, in its own row', () => {
    for (const [field, names] of Object.entries(ALIASES)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${field}\` |`));
      expect(row, field).toBeDefined();
      for (const name of names) expect(row, `${field}: ${name}`).toContain(name);
    }
  });

  it('has an example CSV that imports as it stands', () => {
    const lines = doc.split('\n');
    const start = lines.indexOf('`knowledge.csv`:') + 2;
    const csv = lines.slice(start, lines.indexOf('', start)).map((l) => l.replace(/^ {4}/, ''));
    const { records, problems } = checkCsvHeader(parseCsv(csv.join('\n')));
    expect(problems).toEqual([]);
    const checked = validateRecords(records, new Set(['network.vpn', 'network.wifi', 'workplace.printer']));
    expect(checked.problems).toEqual([]);
    expect(checked.entries.map((e) => e.kind)).toEqual(['article', 'known_error', 'problem']);
  });
});
