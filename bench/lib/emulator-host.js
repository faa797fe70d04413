// @ts-check
// What the emulator hosts (worker thread, child process) share: answering a request count.

/**
 * How many recorded requests match `filter` (method and/or one header value).
 * @param {{ requests: ReadonlyArray<{ method: string, headers: Record<string, string | string[] | undefined> }> }} emulator
 * @param {{ header?: string, value?: string, method?: string } | undefined} filter
 */
export function countRequests(emulator, filter) {
  const f = filter ?? {};
  return emulator.requests.filter(
    (r) =>
      (f.method === undefined || r.method === f.method) && (f.header === undefined || r.headers[f.header] === f.value),
  ).length;
}
