/** Byte-level pieces of the HTTP/1.1 response parser: limits, byte values, lookup tables and small pure checks. */

/** Cap on a response head, and separately on chunk-extension and trailer bytes (node's own is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** Larger chunk sizes are refused before they could lose precision. */
export const MAX_CHUNK_SIZE = 2 ** 48;

// Byte values.
export const LINE_FEED = 10;
export const CARRIAGE_RETURN = 13;
export const SPACE = 32;
export const TAB = 9;
export const COLON = 58;
export const SEMICOLON = 59;

/** 1 for the bytes allowed in a header name (RFC 9110 §5.6.2 tchar). */
export const TOKEN_BYTES = new Uint8Array(256);
for (const character of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN_BYTES[character.charCodeAt(0)] = 1;
/** Hex digit values, -1 elsewhere. */
export const HEX_VALUES = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUES[digit.toString(16).charCodeAt(0)] = digit;
  HEX_VALUES[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

/** A content-length value (repeated identical values allowed, RFC 9110 §8.6), or -1 when invalid. */
export function parseContentLength(value: string): number {
  let result = -1;
  for (const part of value.includes(',') ? value.split(',') : [value]) {
    const trimmed = part.trim();
    if (trimmed.length === 0 || trimmed.length > 15) return -1;
    for (let index = 0; index < trimmed.length; index++) if (!isDigit(trimmed.charCodeAt(index))) return -1;
    const length = Number(trimmed);
    if (result !== -1 && length !== result) return -1;
    result = length;
  }
  return result;
}

/** True for an ASCII digit `0`-`9`. */
export function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}
