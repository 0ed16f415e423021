import * as zlib from 'node:zlib';

/** A zip archive that cannot be read: the message names the archive and what is wrong with it. */
export class ZipError extends Error {
  constructor(archive: string, problem: string) {
    super(`${archive}: ${problem}`);
    this.name = 'ZipError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;

interface CentralEntry {
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/**
 * Reads the named files out of a zip archive held in memory (stored or deflated entries, no
 * encryption, no zip64), checking each one's size and CRC-32.
 *
 * Node's zlib does the inflating, so reading the kubectl layer needs no unzip program and no
 * dependency.
 *
 * @param label names the archive in errors
 * @throws ZipError when the archive is malformed or a name is not in it
 * @see https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (sections 4.3.7, 4.3.12, 4.3.16)
 */
export function readZipEntries(zip: Buffer, names: readonly string[], label: string): Map<string, Buffer> {
  const central = centralDirectory(zip, label);
  const missing = names.filter((n) => !central.has(n));
  if (missing.length > 0) {
    throw new ZipError(label, `no entry ${missing.join(', ')} (it has: ${[...central.keys()].join(', ')})`);
  }
  return new Map(names.map((name) => [name, entryData(zip, name, central.get(name)!, label)]));
}

function centralDirectory(zip: Buffer, label: string): Map<string, CentralEntry> {
  let eocd = -1;
  for (let at = zip.length - EOCD_SIZE; at >= Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT); at--) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipError(label, 'not a zip archive (no end of central directory record)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new ZipError(label, 'zip64 archives are not supported');
  const entries = new Map<string, CentralEntry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new ZipError(label, `central directory entry ${i} is damaged`);
    }
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function entryData(zip: Buffer, name: string, entry: CentralEntry, label: string): Buffer {
  const where = `${label} entry ${name}`;
  if ((entry.flags & 1) !== 0) throw new ZipError(where, 'is encrypted');
  const local = entry.localOffset;
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL_SIGNATURE) {
    throw new ZipError(where, 'local header is damaged');
  }
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  if (raw.length !== entry.compressedSize) throw new ZipError(where, 'is truncated');
  let data: Buffer;
  if (entry.method === STORED) data = raw;
  else if (entry.method === DEFLATED) {
    try {
      data = zlib.inflateRawSync(raw);
    } catch (err) {
      throw new ZipError(where, `does not inflate: ${(err as Error).message}`);
    }
  } else
    throw new ZipError(where, `uses compression method ${entry.method}; supported: 0 (stored), 8 (deflate)`);
  if (data.length !== entry.size) {
    throw new ZipError(where, `is ${data.length} bytes, the directory says ${entry.size}`);
  }
  if (crc32(data) !== entry.crc) throw new ZipError(where, 'fails its CRC-32 check');
  return data;
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE): zlib's own where Node has it (20.15, 22.2 and later), {@link tableCrc32} otherwise. */
export function crc32(data: Buffer): number {
  const native = (zlib as { crc32?: (d: Buffer) => number }).crc32;
  return native ? native(data) : tableCrc32(data);
}

/** CRC-32 (IEEE) computed with a lookup table, for Node versions whose zlib lacks `crc32`. */
export function tableCrc32(data: Buffer): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
