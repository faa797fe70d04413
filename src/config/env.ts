import { ValidationError } from '../errors/validation-error.js';
import { LOG_LEVELS } from './defaults.js';

/** An environment record, e.g. `process.env`. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** The settings read from the environment; unset variables are `undefined`. */
export interface EnvSettings {
  apiKey?: string;
  baseURL?: string;
  organization?: string;
  project?: string;
  timeoutMs?: number;
  maxRetries?: number;
  logLevel?: string;
}

/**
 * Reads `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`, `SORA_TIMEOUT_MS`,
 * `SORA_MAX_RETRIES` and `SORA_LOG_LEVEL`. Empty values count as unset.
 *
 * @throws ValidationError naming the variable when a number is negative or not numeric, or a level is unknown.
 */
export function readEnv(env: EnvRecord): EnvSettings {
  const str = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const out: EnvSettings = {
    apiKey: str('OPENAI_API_KEY'),
    baseURL: str('OPENAI_BASE_URL'),
    organization: str('OPENAI_ORG_ID'),
    project: str('OPENAI_PROJECT_ID'),
    timeoutMs: readNumber(str('SORA_TIMEOUT_MS'), 'SORA_TIMEOUT_MS', false),
    maxRetries: readNumber(str('SORA_MAX_RETRIES'), 'SORA_MAX_RETRIES', true),
  };
  const level = str('SORA_LOG_LEVEL')?.toLowerCase();
  if (level !== undefined && !LOG_LEVELS.has(level)) {
    throw new ValidationError('SORA_LOG_LEVEL', `must be one of ${[...LOG_LEVELS].join(', ')}`);
  }
  out.logLevel = level;
  return out;
}

function readNumber(raw: string | undefined, name: string, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(n) || n < 0) {
    throw new ValidationError(name, `must be a non-negative number (got ${JSON.stringify(raw.slice(0, 40))})`);
  }
  if (integer && !Number.isInteger(n)) throw new ValidationError(name, 'must be a non-negative integer');
  return n;
}
