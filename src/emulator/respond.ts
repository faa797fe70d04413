import type { ServerResponse } from 'node:http';
import type { Reply } from './state.js';
import type { TimerSet } from './timers.js';
import type { Fault, SlowBodyFault } from './types.js';

/** Writes `reply` with `headers`, applying a body-shaping fault (slowBody, truncate, malformedJson). */
export function writeReply(
  res: ServerResponse,
  reply: Reply,
  headers: Record<string, string>,
  fault: Fault | undefined,
  timers: TimerSet,
): void {
  let body = reply.body;
  if (fault?.kind === 'malformedJson') {
    body = Buffer.concat([body.subarray(0, Math.floor(body.length / 2)), Buffer.from('<!-- upstream error -->')]);
  }
  const head = {
    ...headers,
    ...reply.headers,
    'content-type': fault?.kind === 'malformedJson' ? 'application/json' : reply.contentType,
    'content-length': String(body.length),
  };
  res.writeHead(reply.status, head);
  if (fault?.kind === 'truncate') {
    const sent = Math.max(0, Math.min(fault.bytes ?? Math.floor(body.length / 2), body.length - 1));
    res.write(body.subarray(0, sent), () => res.destroy());
    return;
  }
  if (fault?.kind === 'slowBody') {
    void writeSlowly(res, body, fault, timers);
    return;
  }
  res.end(body);
}

function chunking(fault: SlowBodyFault): { size: number; delay: number } {
  if (fault.bytesPerSecond !== undefined) {
    return { size: Math.max(1, Math.floor(fault.bytesPerSecond / 10)), delay: 100 };
  }
  return { size: Math.max(1, fault.chunkBytes ?? 64), delay: fault.chunkDelayMs ?? 50 };
}

async function writeSlowly(res: ServerResponse, body: Buffer, fault: SlowBodyFault, timers: TimerSet): Promise<void> {
  const { size, delay } = chunking(fault);
  res.flushHeaders();
  for (let offset = 0; offset < body.length; offset += size) {
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + size));
    if (offset + size < body.length) await timers.sleep(delay);
  }
  if (!res.destroyed) res.end();
}
