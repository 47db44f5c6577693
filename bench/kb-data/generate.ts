// Builds the evaluation corpus from the hand-written problems: per problem an article (Chinese,
// English or mixed), sometimes one in the other language, a known error where one exists, some
// problem records, 2–5 earlier incidents with desk noise, and a few drafts / retired versions
// that must never be matched. Deterministic. Writes corpus.json (kb:import format) and
// labels.json (ref → problem id, published entries only).
//   npx tsx bench/kb-data/generate.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KnowledgeEntryInput } from '../../src/app/ports.js';
import { PROBLEMS } from './problems/index.js';
import type { Problem, Side } from './problems/problem.js';
import { type Rng, rng } from './rng.js';

type Lang = 'zh' | 'en';
export interface CorpusEntry extends Omit<KnowledgeEntryInput, 'lastVerifiedAt'> {
  ref: string;
  lastVerifiedAt: string | null;
}

const SITES_ZH = [
  '上海总部',
  '北京分公司',
  '深圳研发中心',
  '苏州工厂',
  '成都办事处',
  '广州分公司',
  '武汉仓库',
];
const SITES_EN = ['HQ Shanghai', 'Beijing office', 'Shenzhen R&D', 'Suzhou plant', 'Chengdu office'];
const DEPTS_ZH = ['财务部', '采购部', '人力资源部', '销售部', '研发中心', '生产部', '法务部', '市场部'];
const DEPTS_EN = ['Finance', 'Procurement', 'HR', 'Sales', 'R&D', 'Production', 'Legal', 'Marketing'];
const NAMES_ZH = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴婷'];
const NAMES_EN = ['Tom Li', 'Anna Wang', 'David Chen', 'Lucy Zhao', 'Kevin Liu', 'Grace Xu'];

export function generateCorpus(problems: readonly Problem[] = PROBLEMS) {
  const entries: CorpusEntry[] = [];
  const labels: Record<string, string> = {};
  let kb = 0;
  let inc = 0;
  const add = (problem: Problem, entry: Omit<CorpusEntry, 'ref'>, kind: 'kb' | 'inc') => {
    const ref =
      kind === 'kb' ? `KB-${String(++kb).padStart(6, '0')}` : `INC-H-${String(++inc).padStart(5, '0')}`;
    entries.push({ ref, ...entry });
    if (entry.status === 'published') labels[ref] = problem.id;
  };
  for (const problem of problems) {
    const r = rng(problem.id);
    for (const e of articles(problem, r)) add(problem, e, 'kb');
    if (problem.knownError) add(problem, knownError(problem, r), 'kb');
    if (r() < (problem.knownError ? 0.5 : 0.1)) add(problem, problemRecord(problem, r), 'kb');
    const incidents = 2 + (r() < 0.6 ? 1 : 0) + (r() < 0.3 ? 1 : 0) + (r() < 0.1 ? 1 : 0);
    for (let i = 0; i < incidents; i++) add(problem, incident(problem, r), 'inc');
  }
  return { entries, labels };
}

function base(problem: Problem, r: Rng) {
  const day = 1 + Math.floor(r() * 850); // verified between mid-2024 and late 2026
  return {
    category: problem.category,
    tags: problem.tags,
    lastVerifiedAt: new Date(Date.UTC(2024, 5, day)).toISOString(),
  };
}

function articles(problem: Problem, r: Rng): Omit<CorpusEntry, 'ref'>[] {
  const roll = r();
  const url = (lang: string) => `https://kb.corp.example/${lang}/${problem.id}`;
  const article = (title: string, s: Side, sol: Side, lang: string) => ({
    ...base(problem, r),
    kind: 'article' as const,
    status: 'published' as const,
    title,
    symptoms: s.symptoms,
    solution: sol.solution,
    sourceUrl: url(lang),
  });
  const out: Omit<CorpusEntry, 'ref'>[] = [];
  if (roll < 0.25) {
    // Mixed: bilingual title, symptoms in one language and steps in the other.
    const zhFirst = r() < 0.5;
    const [s, sol] = zhFirst ? [problem.zh, problem.en] : [problem.en, problem.zh];
    out.push(article(`${problem.zh.title} / ${problem.en.title}`, s, sol, 'mixed'));
  } else {
    const lang: Lang = roll < 0.7 ? 'zh' : 'en';
    out.push(article(problem[lang].title, problem[lang], problem[lang], lang));
    if (r() < 0.45) {
      const other: Lang = lang === 'zh' ? 'en' : 'zh';
      out.push(article(problem[other].title, problem[other], problem[other], other));
    }
  }
  const first = out[0] as Omit<CorpusEntry, 'ref'>;
  const extra = r();
  if (extra < 0.08) out.push({ ...first, status: 'draft', title: `${first.title}（草稿）` });
  else if (extra < 0.14) out.push({ ...first, status: 'retired', title: `${first.title} (old, retired)` });
  return out;
}

function knownError(problem: Problem, r: Rng): Omit<CorpusEntry, 'ref'> {
  const zh = r() < 0.55;
  const s = zh ? problem.zh : problem.en;
  return {
    ...base(problem, r),
    kind: 'known_error',
    status: 'published',
    title: zh ? `已知错误：${s.title}` : `Known error: ${s.title}`,
    symptoms: s.symptoms,
    solution: zh ? `变通方法：${s.solution}` : `Workaround: ${s.solution}`,
    sourceUrl: `https://itsm.corp.example/known-errors/${problem.id}`,
  };
}

function problemRecord(problem: Problem, r: Rng): Omit<CorpusEntry, 'ref'> {
  const zh = r() < 0.55;
  const s = zh ? problem.zh : problem.en;
  return {
    ...base(problem, r),
    kind: 'problem',
    status: 'published',
    title: zh ? `问题记录：${s.title}` : `Problem: ${s.title}`,
    symptoms: s.symptoms,
    solution: zh
      ? `根因分析中。临时措施：${s.solution}`
      : `Root cause under investigation. Interim: ${s.solution}`,
    sourceUrl: `https://itsm.corp.example/problems/${problem.id}`,
  };
}

/** An earlier incident as a desk would have logged it: reporter's title, some noise, a short fix. */
function incident(problem: Problem, r: Rng): Omit<CorpusEntry, 'ref'> {
  const zh = r() < 0.65;
  const s = zh ? problem.zh : problem.en;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const prefix = pick(
    zh ? ['', '', `【${pick(SITES_ZH)}】`, `${pick(DEPTS_ZH)}：`] : ['', '', `[${pick(SITES_EN)}] `],
  );
  const floor = 1 + Math.floor(r() * 12);
  const noise = zh
    ? pick([
        `用户工位 ${floor}F-${pick(['A', 'B', 'C'])}-${10 + Math.floor(r() * 40)}，资产编号 PC-2023-${1000 + Math.floor(r() * 9000)}。`,
        `联系人：${pick(NAMES_ZH)}（${pick(DEPTS_ZH)}），分机 ${6000 + Math.floor(r() * 999)}。`,
        `用户称从今天上午开始，影响 ${1 + Math.floor(r() * 15)} 人。`,
      ])
    : pick([
        `User desk ${floor}F-${pick(['A', 'B', 'C'])}-${10 + Math.floor(r() * 40)}, asset PC-2023-${1000 + Math.floor(r() * 9000)}.`,
        `Contact: ${pick(NAMES_EN)} (${pick(DEPTS_EN)}), ext ${6000 + Math.floor(r() * 999)}.`,
        `Started this morning according to the user; ${1 + Math.floor(r() * 15)} people affected.`,
      ]);
  const firstStep = s.solution.split(zh ? /[；。]/ : /[;.](?:\s|$)/)[0]?.trim() ?? s.solution;
  return {
    ...base(problem, r),
    tags: [],
    kind: 'incident',
    status: 'published',
    title: `${prefix}${s.incident}`,
    symptoms: r() < 0.5 ? `${s.symptoms} ${noise}` : noise,
    solution: zh ? `${firstStep}。已恢复，用户确认。` : `${firstStep}. Resolved, user confirmed.`,
    sourceUrl: null,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { entries, labels } = generateCorpus();
  const dir = new URL('./', import.meta.url);
  writeFileSync(new URL('corpus.json', dir), `${JSON.stringify(entries, null, 1)}\n`);
  writeFileSync(new URL('labels.json', dir), `${JSON.stringify(labels, null, 1)}\n`);
  const published = Object.keys(labels).length;
  console.log(`${entries.length} entries (${published} published) from ${PROBLEMS.length} problems`);
}
