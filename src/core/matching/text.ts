// Text normalisation for matching: Unicode folding, splitting into Han and Latin runs, a light
// English stemmer and stop words. Pure: the Chinese segmenter is passed in (see analyzer.ts).
import { toSimplified } from './traditional.js';

/** A word as the user wrote it (`surface`) and the form we compare (`key`). */
export interface Word {
  key: string;
  surface: string;
  han: boolean;
  /** Part of speech for Chinese words (jieba's ICTCLAS tags: n noun, v verb, m numeral …). */
  tag: string | null;
}

/** Splits Chinese text into tagged words; the production one is jieba (src/matching/jieba.ts). */
export type Segmenter = (han: string) => { word: string; tag: string }[];

/**
 * Tags of words that never name the fault: numerals, measure and time words, localisers,
 * pronouns, prepositions, conjunctions, particles, adverbs, modals, interjections.
 */
const FUNCTION_TAGS = new Set(['m', 'q', 't', 'f', 'r', 'p', 'c', 'u', 'd', 'y', 'e', 'o']);
export const isFunctionWord = (w: Word): boolean => w.han && FUNCTION_TAGS.has(w.tag?.[0] ?? '');
/** Nouns (and unknown or Latin words, usually product names) name the object of a report. */
export const isNounLike = (w: Word): boolean =>
  !w.han || w.tag === null || w.tag[0] === 'n' || w.tag === 'x' || w.tag === 'eng';

const HAN = /\p{Script=Han}/u;
// Han runs, Latin/digit runs (apostrophes inside words kept: can't, doesn't); the rest separates.
const RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:['’][a-z]+)*/gu;

/** NFKC folds full-width letters (ＶＰＮ → VPN); traditional characters become simplified. */
export function normalize(text: string): string {
  return toSimplified(
    movedDepartment(withoutNaming(nounPlugin(driveLetters(text.normalize('NFKC')).toLowerCase()))),
  );
}

/**
 * Who and where, not what: a contact line ("Contact: Grace Xu (Sales), ext 6875", "联系人：杨帆
 * （生产部），分机 6312"), a desk code or an asset tag. Logged incidents carry them, and read as
 * words they named a desk phone (ext, 分机), the address book (contact, 联系人), sales orders or
 * purchasing (the department) in a quarter of the knowledge base. An extension outside a contact
 * line stays: "my extension 6312 has no dial tone" is about the desk phone.
 */
const CONTACT_DETAILS = [
  /(?:contact|联系人)\s*[:：][^\n]*?(?:ext\.?|extension|分机)\s*\d{3,}/giu,
  /(?:user desk|desk|用户工位|工位|asset(?: tag)?|资产编号)\s*[:：]?\s*(?=[0-9a-z-]*\d)[0-9a-z]+(?:-[0-9a-z]+)+/giu,
];
export const withoutContactDetails = (text: string): string =>
  CONTACT_DETAILS.reduce((t, re) => t.replace(re, ' '), text);

/**
 * The noun "plug-in" is written "plugin": stemmed, "plugged in" and "plug in" have the same
 * keys, and the verb (a cable or device plugged in) is no browser add-in.
 */
const nounPlugin = (text: string) => text.replace(/\bplug[-‐](ins?)\b/g, 'plug$1');

/**
 * "Called" that names ("whatever our CRM is called now", "an app called Miro", "so-called") is no
 * phone call: stemmed, it read as `call` and met the desk-phone entries. Called by someone, a
 * call back, "I called the desk" keep it.
 */
const withoutNaming = (text: string) =>
  text.replace(
    /\b((?:is|are|was|were|be|being|it['’]?s|what['’]?s|whatever|so-?|now|app|apps|tool|program|software|system|site|website|platform|thing|something|one|folder|file)\s*)called\b/g,
    '$1',
  );

/**
 * Moving to another department is a change of role, whose access the new job needs ("I'm in
 * marketing now", "moved to the finance team", "transferred to HR", 调到财务部, 转到销售部): it
 * gains the words "new department" (a glossary phrase, like "changed departments"); the
 * department's own words stay. A department named after a move, or "in" it "now".
 */
const DEPARTMENT =
  '(?:marketing|sales|finance|accounting|hr|human resources|legal|procurement|purchasing|engineering|operations|customer service|logistics|quality|r&d|research|design)(?: team| department| dept)?';
// Named, as in English: any Han word before 部 also took 外部 (external), 全部 (all) and 部 as a
// counter (另一部手机), so forwarding mail or calls "转到外部邮箱" read as a change of role.
const DEPARTMENT_ZH =
  '(?:财务|销售|市场|营销|人事|人力资源|法务|采购|研发|工程|运营|客服|物流|质量|品质|设计|行政|会计)(?:部|中心)';
const MOVED_DEPARTMENT = [
  new RegExp(
    `\\b(?:moved|moving|transferred|transferring|switched|switching|transfer|move|reassigned)(?: over)? (?:to|into) (?:the )?${DEPARTMENT}\\b`,
    'g',
  ),
  new RegExp(`\\b(?:i['’]?m|i am|im) (?:now )?(?:in|on|with) (?:the )?${DEPARTMENT} now\\b`, 'g'),
  new RegExp(`\\b(?:i['’]?m|i am|im) now (?:in|on|with) (?:the )?${DEPARTMENT}\\b`, 'g'),
  new RegExp(`(?:调到|调去|调入|转到|转去|转岗到|调岗到)${DEPARTMENT_ZH}`, 'gu'),
];
const movedDepartment = (text: string) =>
  MOVED_DEPARTMENT.reduce((t, re) => t.replace(re, '$& new department '), text);

/**
 * A drive named by its letter loses the letter (single letters carry nothing): U盘 is a USB
 * stick, C/D/E are local disks, any other letter a mapped network drive (S盘, "Z: drive").
 * In English only a capital with a colon, or a capital other than A and I, names a drive.
 */
function driveLetters(text: string): string {
  const as = (l: string, usb: string, local: string, network: string) => {
    const c = l.toLowerCase();
    return c === 'u' ? usb : 'cde'.includes(c) ? local : network;
  };
  return text
    .replace(/(?<![A-Za-z])([A-Za-z])[:：]?\s*盘/g, (_, l: string) => as(l, '优盘', '本地磁盘', '映射网络盘'))
    .replace(/(?<![A-Za-z'’])(?:([A-Za-z]):\\?|([B-HJ-Z]))\s*drive\b/g, (_, a?: string, b?: string) =>
      as(a ?? b ?? '', 'usb drive', 'local disk', 'mapped network drive'),
    );
}

/** Words in reading order; Han runs go through the segmenter, Latin words through the stemmer. */
export function words(text: string, segment: Segmenter): Word[] {
  const out: Word[] = [];
  for (const [run] of normalize(text).matchAll(RUNS)) {
    if (HAN.test(run)) {
      for (const { word, tag } of segment(run))
        if (HAN.test(word)) out.push({ key: word, surface: word, han: true, tag });
      continue;
    }
    // A possessive is the word itself (team's → team, not the Teams app); can't, doesn't keep theirs.
    const surface = run.replace(/['’]s$/, '').replace(/['’]/g, '');
    const key = stem(surface);
    // Single digits and letters carry no meaning on their own (the "1" in "10.1.1.1").
    if (key.length > 1) out.push({ key, surface: run, han: false, tag: null });
  }
  return out;
}

/**
 * A deliberately light stemmer: plural, -ing, -ed and a final e. Query and entries go through
 * the same function, so consistency matters more than linguistics (expire/expired/expiring
 * all become "expir"). Words with digits (error codes, versions) are left alone.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word) || NO_STEM.has(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is|os)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Product names that a plural rule would turn into another word (Teams → team). */
/** monitoring (the tool) must not become monitor (the display). */
/** rights (permissions) must not become right ("right-click", "the right printer", "right now"). */
const NO_STEM = new Set(['teams', 'windows', 'sales', 'news', 'ios', 'analytics', 'monitoring', 'rights']);

/** logging → logg → log; stopped → stopp → stop (but not "ll"/"ss": install, access). */
function undouble(w: string): string {
  const last = w.at(-1);
  // Not "dd" either: added → add, not ad (Active Directory).
  return last && last === w.at(-2) && !'lsdz'.includes(last) ? w.slice(0, -1) : w;
}

/**
 * Words that say nothing about the fault. Negations and "can't" are NOT here: they are glossary
 * words (cannot → fail) because "打不开" and "can't open" carry the symptom.
 */
const STOP_EN = `a an the and or but so if then than of to for in on at by with from into onto
about as is are was were be been being am it its it's this that these those there here i me my
mine we us our you your he him his she her they them their what which who whom whose when where
why how do does did done doing have has had having get gets got getting just really very quite
too also still again already now today yesterday tonight morning afternoon evening please pls
plz thanks thank thx hi hello hey dear team guys help helpdesk support urgent urgently asap
someone anyone something anything some any all every each one ok okay yeah yes maybe seems seem
like kind sort bit lot lots much many more most other another same such only even ever because
while after before since until toward towards within without across through via per keep keeps kept
need needs needed want wants wanted try
tried trying tries can could would should will shall may might must let lets go going went gone
come came see saw look looks looked know tell told said say says user users give gives gave
thing things stuff anymore im ive boss literally basically seriously lol idk omg whatever tho though`;

const STOP_ZH = `的 了 吗 呢 啊 吧 呀 哦 嗯 哈 啦 嘛 么 着 过 我 我们 你 你们 他 她 它 他们 咱 咱们 是 在 有 和 与 及
就 都 也 又 再 很 太 还 已 已经 把 被 给 让 这 那 这个 那个 哪 哪个 啥 什么 怎么 怎么办 怎么回事 为什么 为啥 请 请问 麻烦
帮忙 帮 帮我 一下 下 一直 总是 老是 经常 突然 今天 昨天 早上 上午 下午 晚上 刚才 刚刚 现在 目前 好像 似乎 感觉 有点
有些 一点 一些 非常 特别 比较 真的 到底 谢谢 感谢 你好 您好 急 紧急 急急急 尽快 大家 同事 个 些 会 能 要 想 得 地
说 看 看看 用户 一 之 后 前 时 时候 然后 但是 可是 而且 因为 所以 如果 还是 或者 已经 并 并且 来 去 做 弄 搞 用 使用 出现
发现 提示 遇到 碰到 一样 这样 那样 怎样 各位 老师 您 本 该 其 此 对 从 向 为 以 于 上面 里面 里 中 内 死活 反正 老板 领导`;

/**
 * A-not-A questions (能不能帮我装, 会不会是病毒, 可不可以放开) ask; they name no failure, while
 * jieba cut them 能 | 不能 and 不能 / 不会 / 不 read as `fail`. The segmenter keeps them whole
 * (src/matching/jieba-words.ts) and they are stop words.
 */
export const A_NOT_A_QUESTIONS: readonly string[] =
  `能不能 能否 可不可以 可以不可以 行不行 会不会 是不是 有没有
要不要 好不好 用不用 需不需要 能不能够`.split(/\s+/);

export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...STOP_EN.split(/\s+/).map((w) => stem(w.replace(/'/g, ''))),
  ...STOP_ZH.split(/\s+/),
  ...A_NOT_A_QUESTIONS,
]);
