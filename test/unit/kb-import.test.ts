// kb:import formats and validation: CSV quoting, JSON, Markdown front matter, per-record
// problems, and nothing accepted when anything is wrong.
import { describe, expect, it } from 'vitest';
import { FormatError, parseCsv, parseJson, parseMarkdown } from '../../src/app/kb-formats.js';
import { validateRecords } from '../../src/app/knowledge-import.js';

describe('CSV', () => {
  it('reads quoted cells with commas, quotes and line breaks, and names records by line', () => {
    const csv =
      '\uFEFFtitle,solution,tags\r\n"VPN, drops","Set ""MTU"" to 1300\nthen reconnect",vpn;mtu\r\n\r\nPrinter,Restart,\n';
    expect(parseCsv(csv)).toEqual([
      {
        where: 'line 2',
        fields: { title: 'VPN, drops', solution: 'Set "MTU" to 1300\nthen reconnect', tags: 'vpn;mtu' },
      },
      { where: 'line 5', fields: { title: 'Printer', solution: 'Restart', tags: '' } },
    ]);
  });

  it('rejects a row with the wrong number of columns and an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,2,3\n')).toThrow(/line 2: 3 columns, the header has 2/);
    expect(() => parseCsv('a\n"open\n')).toThrow(FormatError);
  });
});

describe('JSON and Markdown', () => {
  it('reads an array of objects and reports a non-object entry', () => {
    expect(parseJson('[{"title":"x"}]')).toEqual([{ where: 'entry 1', fields: { title: 'x' } }]);
    expect(() => parseJson('[1]')).toThrow(/entry 1: expected an object/);
    expect(() => parseJson('{oops')).toThrow(/not valid JSON/);
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
    expect(() => parseMarkdown('# no front matter', 'b.md')).toThrow(/b.md: expected front matter/);
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
    expect(problems.at(-1)?.message).toBe('also used by line 3');
  });

  it('lets a problem under investigation have no solution yet', () => {
    expect(validateRecords([record({ kind: 'problem', title: 'Root cause open' })]).problems).toEqual([]);
  });
});
