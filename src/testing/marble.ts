import { deepStrictEqual } from 'node:assert';
import { TestScheduler } from 'rxjs/testing';

/**
 * Compares the actual frames with the expected ones; throws when they differ.
 *
 * @example
 * ```ts
 * const assertDeepEqual: AssertDeepEqual = (actual, expected) => expect(actual).toEqual(expected);
 * ```
 */
export type AssertDeepEqual = (actual: unknown, expected: unknown) => void;

/**
 * A `TestScheduler` for marble tests that works with any test runner: frames are compared with `assertDeepEqual`
 * (default `node:assert`'s `deepStrictEqual`) after every `Error` in them is turned into a plain object of its
 * `name`, `message` and own enumerable fields (no `stack`), so `new NotFoundError(...)` in an expected marble
 * matches the error the code under test produced.
 *
 * @example
 * ```ts
 * const scheduler = createMarbleScheduler((a, e) => expect(a).toEqual(e));
 * scheduler.run(({ cold, expectObservable }) => {
 *   expectObservable(cold('-a|').pipe(map((x) => x.toUpperCase()))).toBe('-A|', { A: 'A' });
 * });
 * ```
 */
export function createMarbleScheduler(assertDeepEqual: AssertDeepEqual = deepStrictEqual): TestScheduler {
  return new TestScheduler((actual, expected) => assertDeepEqual(stripErrorStacks(actual), stripErrorStacks(expected)));
}

/**
 * Deep copy of `value` where every `Error` becomes `{ name, message, ...own enumerable fields }` (no `stack`).
 * Plain objects and arrays are copied; other objects are kept as they are.
 *
 * @example
 * ```ts
 * stripErrorStacks({ error: new Error('boom') }); // { error: { name: 'Error', message: 'boom' } }
 * ```
 */
export function stripErrorStacks(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => stripErrorStacks(v, seen));
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    for (const [k, v] of Object.entries(value)) if (k !== 'stack') out[k] = stripErrorStacks(v, seen);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripErrorStacks(v, seen)]));
}
