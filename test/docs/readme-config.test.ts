/**
 * Keeps the README's configuration section in step with the code: every field of `SoraClientOptions` and
 * `RetryOptions` (src/config/options.ts) and every environment variable read by src/config/env.ts must appear in
 * the README's configuration table, and the defaults the README states must be the ones in src/config/defaults.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AGENT_DEFAULTS,
  DEFAULT_BASE_URL,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_LOG_LEVEL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_POLLING,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
} from '../../src/config/defaults.js';
import { WATCH_DEFAULTS } from '../../src/streams/videos/watch-schedule.js';
import { REPO_ROOT } from './samples-harness.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Errors'));
const tableRows = section.split('\n').filter((l) => l.startsWith('| `'));

/** The property names of `interface <name> { … }` in a TypeScript source. */
function interfaceFields(source: string, name: string): string[] {
  const start = source.indexOf(`export interface ${name} {`);
  expect(start, `interface ${name} not found`).toBeGreaterThanOrEqual(0);
  const body = source.slice(start, source.indexOf('\n}', start));
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]!);
}

function rowFor(cell: string): string | undefined {
  return tableRows.find((row) => row.split('|')[1]?.trim() === `\`${cell}\``);
}

describe('README configuration table', () => {
  const options = readFileSync(join(REPO_ROOT, 'src/config/options.ts'), 'utf8');
  const env = readFileSync(join(REPO_ROOT, 'src/config/env.ts'), 'utf8');

  it.each(interfaceFields(options, 'SoraClientOptions'))('documents SoraClientOptions.%s', (field) => {
    expect(rowFor(field), `no row for \`${field}\``).toBeDefined();
  });

  it.each(interfaceFields(options, 'RetryOptions').filter((f) => f !== 'maxRetries'))(
    'documents RetryOptions.%s with its default',
    (field) => {
      const row = rowFor(`retry.${field}`);
      expect(row, `no row for \`retry.${field}\``).toBeDefined();
      const value = DEFAULT_RETRY[field as keyof typeof DEFAULT_RETRY];
      expect(row).toContain(Number.isFinite(value) ? `\`${value}\`` : '`Infinity`');
    },
  );

  it('documents every environment variable env.ts reads', () => {
    const names = [...env.matchAll(/'((?:OPENAI|SORA)_[A-Z_]+)'/g)].map((m) => m[1]!);
    expect(new Set(names).size).toBeGreaterThanOrEqual(7);
    for (const name of new Set(names)) expect(section, name).toContain(`\`${name}\``);
  });

  it('states the defaults of defaults.ts', () => {
    expect(rowFor('baseURL')).toContain(`\`${DEFAULT_BASE_URL}\``);
    expect(rowFor('timeoutMs')).toContain(`\`${DEFAULT_TIMEOUT_MS}\``);
    expect(rowFor('maxRetries')).toContain(`\`${DEFAULT_RETRY.maxRetries}\``);
    expect(rowFor('logLevel')).toContain(`\`'${DEFAULT_LOG_LEVEL}'\``);
    expect(rowFor('maxResponseBytes')).toContain(`\`${DEFAULT_MAX_RESPONSE_BYTES}\``);
    expect(rowFor('idleTimeoutMs')).toContain(`\`${DEFAULT_IDLE_TIMEOUT_MS}\``);
    expect(rowFor('maxSockets')).toContain(`\`${AGENT_DEFAULTS.maxSockets}\``);
    expect(rowFor('sharedPolling')).toContain(`\`${DEFAULT_POLLING.shared}\``);
    expect(rowFor('pollBatchThreshold')).toContain(`\`${DEFAULT_POLLING.batchThreshold}\``);
    expect(rowFor('webhookSafetyIntervalMs')).toContain(`\`${DEFAULT_POLLING.webhookSafetyIntervalMs}\``);
    expect(rowFor('validation')).toContain("`'form'`");
  });

  it('states the watch bounds of watch-schedule.ts in Limits and safety', () => {
    const limits = readme.slice(readme.indexOf('## Limits and safety'));
    const row = (label: string): string | undefined => limits.split('\n').find((l) => l.startsWith(`| ${label}`));
    expect(WATCH_DEFAULTS.deadlineMs).toBe(3_600_000);
    expect(row('A watch, from subscription')).toContain('| 1 h ');
    expect(row('Failed polls in a row of a watch')).toContain(`| ${WATCH_DEFAULTS.maxConsecutiveFailures} `);
    const hint = `\`[${WATCH_DEFAULTS.minIntervalMs / 1000} s, ${WATCH_DEFAULTS.maxIntervalMs / 1000} s]\``;
    expect(row("A server's poll hint")).toContain(hint);
  });
});
