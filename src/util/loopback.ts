/**
 * True for a loopback host: `localhost` (and `*.localhost`), `127.0.0.0/8`, `::1` (bracketed or not),
 * and `::ffff:127.x.x.x`. Accepts a bare host name as `URL.hostname` gives it.
 *
 * @example
 * ```ts
 * isLoopbackHost(new URL('http://127.0.0.1:4010').hostname) // true
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
