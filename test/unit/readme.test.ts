// The README's two commands are promises to a new user; CI runs the test one from .ci/run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const ci = readFileSync('.ci/run', 'utf8');

describe('README', () => {
  it('shows exactly the test command that .ci/run runs', () => {
    const command = /^TEST_COMMAND='(.+)'$/m.exec(ci)?.[1];
    expect(command).toBeDefined();
    expect(readme).toContain(`\`\`\`sh\n${command}\n\`\`\``);
  });

  it('shows a run command that uses a configuration shipped in the repository', () => {
    const run = /```sh\n(npm ci && .*npm start)\n```/.exec(readme)?.[1] ?? '';
    const config = /ITSS_CONFIG=(\S+)/.exec(run)?.[1] ?? '';
    expect(() => readFileSync(config, 'utf8')).not.toThrow();
  });
});
