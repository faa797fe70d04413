import { expect, it } from 'vitest';
import { OTLP_EXPORTER_PACKAGE, startTracing } from '../../src/cli/tracing.js';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' };

it('records the run in memory; no OTLP exporter is loaded without an endpoint', async () => {
  let loads = 0;
  const tracing = await startTracing({}, () => (loads++, import(OTLP_EXPORTER_PACKAGE)));
  tracing.tracerProvider.getTracer('t').startSpan('root').end();
  expect((await tracing.finish()).map((s) => s.name)).toEqual(['root']);
  expect(loads).toBe(0);
  expect(tracing.otlpEndpoint).toBeUndefined();
  expect(tracing.notices).toEqual([]);
});

it('with OTEL_EXPORTER_OTLP_ENDPOINT set, loads the optional OTLP exporter', async () => {
  const tracing = await startTracing(ENDPOINT);
  expect(tracing.otlpEndpoint).toBe('http://127.0.0.1:9');
  expect(tracing.notices).toEqual([]);
  await tracing.finish();
});

it('says in one line how to install the OTLP exporter when it is missing, and traces on without it', async () => {
  const missing = Object.assign(new Error(`Cannot find package '${OTLP_EXPORTER_PACKAGE}'`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
  const tracing = await startTracing(ENDPOINT, () => Promise.reject(missing));
  expect(tracing.otlpEndpoint).toBeUndefined();
  expect(tracing.notices).toHaveLength(1);
  expect(tracing.notices[0]).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT is set but .* is not installed; npm install /);
  expect(tracing.notices[0]).not.toContain('\n');
  tracing.tracerProvider.getTracer('t').startSpan('still traced').end();
  expect((await tracing.finish()).map((s) => s.name)).toEqual(['still traced']);
});

it('other load failures are not hidden', async () => {
  await expect(startTracing(ENDPOINT, () => Promise.reject(new TypeError('boom')))).rejects.toThrow('boom');
});
