/**
 * The top-level keys of one JSON object text, in order and with repeats (JSON.parse keeps only the last of a
 * duplicated key, so it cannot see them).
 */
export function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(json.slice(i, j + 1)) as string);
      expectKey = false;
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return keys;
}

/** The keys that occur more than once at the top level of `json`. */
export function duplicateKeys(json: string): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const k of topLevelKeys(json)) (seen.has(k) ? dup : seen).add(k);
  return [...dup];
}
