/**
 * The user guide quotes some files verbatim (the marble-testing example test runs in the suite itself); this keeps
 * the quotes identical to the files, and checks that every repository file the guide and README link to exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, fencedBlocks } from './samples-harness.js';

const GUIDE = 'docs/US-007-sora-client-guide.md';
const guide = readFileSync(join(REPO_ROOT, GUIDE), 'utf8');

describe('user guide quotes', () => {
  it('quotes test/testing/user-pipeline.example.test.ts verbatim', () => {
    const file = readFileSync(join(REPO_ROOT, 'test/testing/user-pipeline.example.test.ts'), 'utf8');
    const quoted = fencedBlocks(guide).filter((b) => b.code.includes('renders a clip, riding out a 503 while polling'));
    expect(quoted).toHaveLength(1);
    expect(quoted[0]!.code.trim()).toBe(file.trim());
  });

  it.each(['README.md', GUIDE])('%s links only to files that exist', (doc) => {
    const text = readFileSync(join(REPO_ROOT, doc), 'utf8');
    const targets = [...text.matchAll(/\]\(((?:\.\.\/|\.\/)?[\w./-]+?)(?:#[\w-]*)?\)/g)]
      .map((m) => m[1]!)
      .filter((t) => !/^https?:/.test(t));
    expect(targets.length).toBeGreaterThan(3);
    for (const target of targets) {
      expect(existsSync(resolve(dirname(join(REPO_ROOT, doc)), target)), `${doc} → ${target}`).toBe(true);
    }
  });
});
