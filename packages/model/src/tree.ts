// Copying parsed values without recursion (input may nest as deep as the loader allows) and
// without losing a key named `__proto__` (an assignment would set the prototype instead).

/** Sets an own enumerable property, even one named `__proto__`. */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/**
 * A copy of a JSON-like value as a tree, iteratively: every object and array reached is copied
 * (a node reached twice is copied twice), mapping keys through `key`. The caller makes sure the
 * value is acyclic and of bounded expanded size.
 */
export function copyTree(v: unknown, key: (k: string) => string = (k) => k): unknown {
  if (v === null || typeof v !== 'object') return v;
  const copy = (n: object): Record<string, unknown> | unknown[] => (Array.isArray(n) ? new Array(n.length) : {});
  const root = copy(v);
  const stack: [object, Record<string, unknown> | unknown[]][] = [[v, root]];
  while (stack.length > 0) {
    const [src, dst] = stack.pop()!;
    if (Array.isArray(src)) {
      for (let i = 0; i < src.length; i++) (dst as unknown[])[i] = child(src[i], stack, copy);
      continue;
    }
    for (const k of Object.keys(src)) setOwn(dst as Record<string, unknown>, key(k), child((src as Record<string, unknown>)[k], stack, copy));
  }
  return root;
}

function child(c: unknown, stack: [object, Record<string, unknown> | unknown[]][], copy: (n: object) => Record<string, unknown> | unknown[]): unknown {
  if (c === null || typeof c !== 'object') return c;
  const d = copy(c);
  stack.push([c, d]);
  return d;
}

/** Whether any mapping key in `v` satisfies `test`, iteratively (each object once). */
export function someKey(v: unknown, test: (k: string) => boolean): boolean {
  const stack: unknown[] = [v];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object' || seen.has(n)) continue;
    seen.add(n);
    if (Array.isArray(n)) for (const c of n) stack.push(c);
    else
      for (const k of Object.keys(n)) {
        if (test(k)) return true;
        stack.push((n as Record<string, unknown>)[k]);
      }
  }
  return false;
}
