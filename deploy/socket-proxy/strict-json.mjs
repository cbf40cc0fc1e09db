// A strict JSON reader for the bodies the proxy screens. JSON.parse would hide what matters here:
// a key given twice (the engine's Go decoder keeps the last one; a reviver never sees the first),
// and keys that differ only by case or Unicode folding (Go's encoding/json matches struct fields
// case-insensitively, with simple folding: "privileged", "PRIVILEGED" and "Privıleged" with a
// Kelvin sign or long s all reach HostConfig.Privileged). The screen then re-serialises what it
// parsed, so the engine decodes exactly the value that was checked, not the bytes that were sent.

/** @typedef {null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }} JsonValue */

export class JsonError extends Error {}

/** Case and Unicode folding close to Go's: NFKC maps the Kelvin sign to K, long s to s, … */
export function fold(key) {
  return key.normalize('NFKC').toUpperCase().toLowerCase();
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses `buf` (one JSON value, whitespace around it) into plain objects with a null prototype.
 * Throws JsonError on bad UTF-8, lone surrogates, and any object holding two keys that fold alike.
 * @param {Buffer | string} buf
 * @returns {JsonValue}
 */
export function parseStrict(buf) {
  let text;
  try {
    text = typeof buf === 'string' ? buf : decoder.decode(buf);
  } catch {
    throw new JsonError('the body is not valid UTF-8');
  }
  let i = 0;
  const fail = (why) => {
    throw new JsonError(`${why} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (s) => {
    if (text.startsWith(s, i)) i += s.length;
    else fail(`expected ${s}`);
  };
  const string = () => {
    expect('"');
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i++];
      if (c === '"') break;
      if (c < ' ') fail('control character in a string');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++];
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e];
      if (simple !== undefined) out += simple;
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i, i + 4))) {
        out += String.fromCharCode(Number.parseInt(text.slice(i, i + 4), 16));
        i += 4;
      } else fail('bad escape');
    }
    // Go replaces a lone surrogate with U+FFFD, JavaScript keeps it: refuse rather than differ
    if (!out.isWellFormed()) fail('lone surrogate in a string');
    return out;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('bad value');
    i += m[0].length;
    const n = Number(m[0]);
    if (!Number.isFinite(n)) fail('number out of range');
    return n;
  };
  /** @returns {JsonValue} */
  const value = (depth) => {
    if (depth > 32) fail('nested too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = Object.create(null);
      const seen = new Set();
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        const key = string();
        const folded = fold(key);
        if (seen.has(folded)) fail(`duplicate key "${key}" (keys are matched ignoring case)`);
        seen.add(folded);
        ws();
        expect(':');
        obj[key] = value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return obj;
        } else fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return arr;
        } else fail('expected , or ]');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return number();
  };
  const result = value(0);
  ws();
  if (i !== text.length) fail('trailing data after the JSON value');
  return result;
}

/** A plain object (not an array, not null). */
export const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Structural equality of parsed JSON values (key order ignored). */
export function jsonEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, k) => jsonEqual(x, b[k]));
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}
