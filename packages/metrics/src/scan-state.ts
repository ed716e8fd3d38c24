/** Thrown (one instance, no stack) when a line is not what the scanner accepts; `scan` turns it into `undefined`. */
export class ScanFailure extends Error {
  static readonly instance = new ScanFailure('line left to the JSON.parse path');
}

/** Where a string's content lies in the bytes, and whether it can be read without JSON unescaping. */
export interface ScannedString {
  start: number;
  end: number;
  /** No escape sequence inside. */
  plain: boolean;
}

/** Keys as bytes, for matching without making strings; at most 32 (a bit each in a mask). */
export type EncodedKeys = readonly Buffer[];

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
// Powers of ten that are exact doubles: a decimal of at most 15 digits divided by one of them is
// rounded once, so it equals JSON.parse's correctly rounded value (Clinger's fast path).
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, exponent) => 10 ** exponent);
const MAX_EXACT_DIGITS = 15;
const INTERNED_SLOTS = 1024;

const isDigit = (byte: number): boolean => byte >= DIGIT_0 && byte <= DIGIT_0 + 9;
// JSON's escapes after a backslash: " \ / b f n r t (u is handled apart).
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const isHex = (byte: number): boolean =>
  isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);

/**
 * A cursor over one line's bytes with strict RFC 8259 readers for each JSON value kind. Every reader
 * starts at the value's first byte, never reads past the line's end, and calls `fail` on anything
 * else; strings are made only on request, repeated ones from a cache keyed by their bytes.
 */
export class ScanState {
  bytes: Buffer = Buffer.alloc(0);
  at = 0;
  end = 0;
  private readonly scratch: ScannedString = { start: 0, end: 0, plain: true };
  private readonly internedBytes = new Array<Buffer | undefined>(INTERNED_SLOTS);
  private readonly internedTexts = new Array<string>(INTERNED_SLOTS);

  encodeKeys(keys: readonly string[]): EncodedKeys {
    return keys.map((key) => Buffer.from(key, 'latin1'));
  }

  reset(bytes: Buffer, start: number, end: number): void {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
    this.skipSpace();
    if (this.at === this.end) this.fail();
  }

  fail(): never {
    throw ScanFailure.instance;
  }

  /** The byte at `index`, or -1 past the line's end. */
  private byte(index: number): number {
    return index < this.end ? (this.bytes[index] as number) : -1;
  }

  private skipSpace(): void {
    let byte = this.byte(this.at);
    while (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) byte = this.byte(++this.at);
  }

  private expect(byte: number): void {
    if (this.byte(this.at) !== byte) this.fail();
    this.at += 1;
  }

  /** Consumes `{` and white space; true when the object is empty (its `}` consumed too). */
  openObject(): boolean {
    this.expect(0x7b);
    this.skipSpace();
    if (this.byte(this.at) !== 0x7d) return false;
    this.at += 1;
    return true;
  }

  /**
   * Reads a member's key, which must be one of `keys` (tried first: the one at `expected`), then the
   * colon; returns the key's index. Leaves the cursor on the value.
   */
  readKey(keys: EncodedKeys, expected: number): number {
    const key = this.matchKey(keys, expected);
    this.skipSpace();
    this.expect(COLON);
    this.skipSpace();
    return key;
  }

  /** Reads any key (validated, not matched) and the colon. */
  skipKey(): void {
    this.readString();
    this.skipSpace();
    this.expect(COLON);
    this.skipSpace();
  }

  /** After a member's value: true when another member follows (comma consumed), false at `}`. */
  nextMember(): boolean {
    this.skipSpace();
    const separator = this.byte(this.at++);
    if (separator === 0x7d) return false;
    if (separator !== COMMA) this.fail();
    this.skipSpace();
    return true;
  }

  /**
   * Reads an object of known keys, each at most once; `onValue` reads each value given the key's
   * index. Returns the keys found as a bit mask.
   */
  readObject(keys: EncodedKeys, onValue: (key: number) => void): number {
    let found = 0;
    if (this.openObject()) return found;
    let expected = 0;
    do {
      const key = this.readKey(keys, expected);
      if ((found & (1 << key)) !== 0) this.fail();
      found |= 1 << key;
      expected = key + 1;
      onValue(key);
    } while (this.nextMember());
    return found;
  }

  /** Reads an object of any keys whose every value `onValue` reads. */
  readMap(onValue: () => void): void {
    if (this.openObject()) return;
    do {
      this.skipKey();
      onValue();
    } while (this.nextMember());
  }

  /** Ends the line: only white space may follow the top-level value. */
  finish(): void {
    this.skipSpace();
    if (this.at !== this.end) this.fail();
  }

  private matchKey(keys: EncodedKeys, expected: number): number {
    this.expect(QUOTE);
    const guess = keys[expected];
    if (guess !== undefined && this.matches(guess)) return expected;
    for (let index = 0; index < keys.length; index += 1) {
      if (index !== expected && this.matches(keys[index] as Buffer)) return index;
    }
    return this.fail();
  }

  /** Whether a string's content at `at` is exactly `key` (no escapes); consumes it and its closing quote if so. */
  private matches(key: Buffer): boolean {
    const { bytes, at } = this;
    const length = key.length;
    if (this.byte(at + length) !== QUOTE) return false;
    for (let index = 0; index < length; index += 1) if (bytes[at + index] !== key[index]) return false;
    this.at = at + length + 1;
    return true;
  }

  readArray(onItem: () => void): void {
    this.expect(0x5b);
    this.skipSpace();
    if (this.byte(this.at) === 0x5d) {
      this.at += 1;
      return;
    }
    for (;;) {
      onItem();
      this.skipSpace();
      const separator = this.byte(this.at++);
      if (separator === 0x5d) return;
      if (separator !== COMMA) this.fail();
      this.skipSpace();
    }
  }

  /** Reads a string, validating escapes and refusing raw control characters; `into` receives where its content is. */
  readString(into: ScannedString = this.scratch): ScannedString {
    this.expect(QUOTE);
    const { bytes, end } = this;
    let at = this.at;
    into.start = at;
    into.plain = true;
    for (;;) {
      if (at >= end) this.fail();
      const byte = bytes[at] as number;
      if (byte === QUOTE) break;
      if (byte < 0x20) this.fail();
      at += 1;
      if (byte === BACKSLASH) {
        into.plain = false;
        const escape = this.byte(at);
        if (escape === 0x75) {
          for (let digit = 1; digit <= 4; digit += 1) if (!isHex(this.byte(at + digit))) this.fail();
          at += 5;
        } else if (SIMPLE_ESCAPES.has(escape)) at += 1;
        else this.fail();
      }
    }
    into.end = at;
    this.at = at + 1;
    return into;
  }

  /** The string at `at`, made (or taken from the cache) only when it has no escapes. */
  readText(): string {
    return this.textOf(this.readString());
  }

  readNullableText(): string | null {
    return this.readNull() ? null : this.readText();
  }

  /** The text of a scanned string without escapes (UTF-8, as the line would be decoded), interned. */
  textOf(string: ScannedString): string {
    if (!string.plain) this.fail();
    const { bytes } = this;
    const { start, end } = string;
    let hash = 0x811c9dc5 ^ (end - start);
    for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ (bytes[index] as number), 16777619);
    // Direct-mapped: a slot holds the last string that hashed to it, so memory stays bounded.
    const slot = (hash ^ (hash >>> 16)) & (INTERNED_SLOTS - 1);
    const cached = this.internedBytes[slot];
    if (cached !== undefined && cached.length === end - start) {
      let same = true;
      for (let index = 0; index < cached.length && same; index += 1) same = cached[index] === bytes[start + index];
      if (same) return this.internedTexts[slot] as string;
    }
    const text = bytes.toString('utf8', start, end);
    this.internedBytes[slot] = Buffer.from(bytes.subarray(start, end));
    this.internedTexts[slot] = text;
    return text;
  }

  /** Reads a string that must be one of `literals` (ASCII, without escapes); returns its index. */
  expectOneOf(literals: readonly string[]): number {
    const string = this.readString();
    if (!string.plain) this.fail();
    const length = string.end - string.start;
    for (let index = 0; index < literals.length; index += 1) {
      const literal = literals[index] as string;
      if (literal.length !== length) continue;
      let same = true;
      for (let offset = 0; offset < length && same; offset += 1)
        same = this.bytes[string.start + offset] === literal.charCodeAt(offset);
      if (same) return index;
    }
    return this.fail();
  }

  private literal(text: string): boolean {
    for (let index = 0; index < text.length; index += 1)
      if (this.byte(this.at + index) !== text.charCodeAt(index)) return false;
    this.at += text.length;
    return true;
  }

  /** Consumes `null` when it is next; false when another value starts here. */
  readNull(): boolean {
    if (this.byte(this.at) !== 0x6e) return false;
    if (!this.literal('null')) this.fail();
    return true;
  }

  readBoolean(): boolean {
    if (this.literal('true')) return true;
    if (this.literal('false')) return false;
    return this.fail();
  }

  /** A JSON number, with exactly the value JSON.parse gives it. */
  readNumber(): number {
    const start = this.at;
    let at = start;
    const negative = this.byte(at) === MINUS;
    if (negative) at += 1;
    let mantissa = 0;
    let digits = 0;
    let byte = this.byte(at);
    if (byte === DIGIT_0) byte = this.byte(++at);
    else if (isDigit(byte))
      for (; isDigit(byte); byte = this.byte(++at)) {
        mantissa = mantissa * 10 + byte - DIGIT_0;
        digits += 1;
      }
    else this.fail();
    let scale = 0;
    if (byte === DOT) {
      byte = this.byte(++at);
      if (!isDigit(byte)) this.fail();
      for (; isDigit(byte); byte = this.byte(++at)) {
        mantissa = mantissa * 10 + byte - DIGIT_0;
        digits += 1;
        scale += 1;
      }
    }
    let exact = digits <= MAX_EXACT_DIGITS;
    if (byte === 0x65 || byte === 0x45) {
      exact = false;
      byte = this.byte(++at);
      if (byte === 0x2b || byte === MINUS) byte = this.byte(++at);
      if (!isDigit(byte)) this.fail();
      while (isDigit(byte)) byte = this.byte(++at);
    }
    this.at = at;
    if (!exact) return Number(this.bytes.toString('latin1', start, at));
    const value = scale === 0 ? mantissa : mantissa / (POWERS_OF_TEN[scale] as number);
    return negative ? -value : value;
  }

  readCount(): number {
    const value = this.readNumber();
    if (!Number.isSafeInteger(value) || value < 0) this.fail();
    return value;
  }
}
