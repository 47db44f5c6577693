// Desk trial: the managers' notice of a refused reload was a Chinese sentence followed by English
// problem lines. The lines now come in both languages, and each reader gets theirs.
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/app/notifier.js';
import { type ConfigProblem, formatProblemIn, parseConfigText } from '../../src/config/load.js';

const problemsOf = (yaml: string): readonly ConfigProblem[] => {
  try {
    parseConfigText(yaml, 'itss.yaml');
  } catch (e) {
    return (e as { problems: ConfigProblem[] }).problems;
  }
  throw new Error('expected the file to be refused');
};

describe('the problem lines of a refused reload, in the reader’s language', () => {
  const problems = problemsOf('locale: zh-CN\nteams: 3\n');
  const list = (l: 'en' | 'zh-CN') => problems.map((p) => formatProblemIn(p, l)).join('\n');
  const text = {
    key: 'config.reload.invalid' as const,
    params: { count: problems.length, problems: { en: list('en'), 'zh-CN': list('zh-CN') } },
  };

  it('a Chinese manager reads Chinese lines, an English one English lines', () => {
    const zh = renderText('zh-CN', text, 'Asia/Shanghai');
    expect(zh).toContain('itss.yaml:2:8：位置 teams：应为 teams 列表，实际为 数字 3');
    expect(zh).not.toMatch(/expected|got/);
    const en = renderText('en', text, 'Asia/Shanghai');
    expect(en).toContain('itss.yaml:2:8: at teams: expected a list of teams, got number 3');
  });
});
