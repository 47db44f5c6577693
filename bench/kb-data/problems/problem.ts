// One IT problem of the evaluation corpus, hand-written in both languages. The generator
// (../generate.ts) turns each into several knowledge entries: articles, a known error, a problem
// record, earlier incidents. Queries (../queries.tsv) name problems, never entry wording.

export interface Side {
  title: string;
  /** How a reporter titled an earlier incident about it (short, informal). */
  incident: string;
  symptoms: string;
  solution: string;
}

export interface Problem {
  id: string;
  category: string;
  tags: string[];
  /** A known error exists: the solution is a workaround until the root cause is fixed. */
  knownError: boolean;
  zh: Side;
  en: Side;
}

function side(text: string, id: string): Side {
  const [title, incident, symptoms, solution, ...rest] = text.split('|').map((s) => s.trim());
  if (!title || !incident || !symptoms || !solution || rest.length > 0)
    throw new Error(`problem ${id}: expected "title|incident|symptoms|solution", got: ${text}`);
  return { title, incident, symptoms, solution };
}

/** p(id, category, 'tag,tag', knownError, 'zh title|incident|symptoms|solution', 'en …'). */
export function p(
  id: string,
  category: string,
  tags: string,
  knownError: boolean,
  zh: string,
  en: string,
): Problem {
  return {
    id,
    category,
    tags: tags.split(',').filter(Boolean),
    knownError,
    zh: side(zh, id),
    en: side(en, id),
  };
}
