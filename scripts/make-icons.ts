// `npx tsx scripts/make-icons.ts`: draws the default site icons (a feed symbol, white on slate)
// and writes them into src/render/default-icons.ts as base64, so that the Node server and the
// Worker (which has no file system) serve the same bytes. A newsroom with its own icon sets
// SITE_ICON instead. Deterministic: the same script writes the same bytes.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BACKGROUND = [0x1f, 0x29, 0x37];
const INK = [0xff, 0xff, 0xff];

/** How much of the pixel at (x, y) of a w x h picture the feed symbol covers, 0 to 1. */
function coverage(w: number, h: number, x: number, y: number): number {
  const side = Math.min(w, h);
  const left = (w - side) / 2;
  const top = (h - side) / 2;
  // The symbol's corner, bottom left of its square, at 20 % in from each side.
  const u = (x - left) / side - 0.2;
  const v = 0.8 - (y - top) / side;
  if (u < 0 || v < 0) return 0;
  if (Math.hypot(u - 0.085, v - 0.085) <= 0.085) return 1; // the dot
  const r = Math.hypot(u, v);
  return (r >= 0.3 && r <= 0.41) || (r >= 0.5 && r <= 0.61) ? 1 : 0; // two arcs about the corner
}

/** An RGB PNG of the symbol, 4 x 4 samples a pixel. */
function png(w: number, h: number): Buffer {
  const rows = Buffer.alloc(h * (1 + w * 3));
  for (let y = 0; y < h; y += 1) {
    const row = y * (1 + w * 3);
    rows[row] = 0; // filter: none
    for (let x = 0; x < w; x += 1) {
      let sum = 0;
      for (let sy = 0; sy < 4; sy += 1)
        for (let sx = 0; sx < 4; sx += 1)
          sum += coverage(w, h, x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
      const a = sum / 16;
      for (let c = 0; c < 3; c += 1)
        rows[row + 1 + x * 3 + c] = Math.round(BACKGROUND[c]! * (1 - a) + INK[c]! * a);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** An ICO file holding one PNG image (supported by every browser since Windows Vista's). */
function ico(image: Buffer, size: number): Buffer {
  const header = Buffer.from([0, 0, 1, 0, 1, 0]);
  const entry = Buffer.alloc(16);
  entry.set([size, size, 0, 0], 0);
  entry.writeUInt16LE(1, 4); // colour planes
  entry.writeUInt16LE(32, 6); // bits a pixel
  entry.writeUInt32LE(image.length, 8);
  entry.writeUInt32LE(22, 12); // the image's offset
  return Buffer.concat([header, entry, image]);
}

const icon = png(512, 512);
const logo = png(512, 256);
const favicon = ico(png(64, 64), 64);
writeFileSync(
  new URL('../src/render/default-icons.ts', import.meta.url),
  `// Written by scripts/make-icons.ts: do not edit. The default site icons (SITE_ICON replaces them).
/** When they were drawn: their Last-Modified. */
export const ICONS_MADE = Date.UTC(2026, 11, 7);
/** A 512 x 512 PNG: RSS image, Atom icon, JSON Feed icon. */
export const ICON_PNG =
  '${icon.toString('base64')}';
/** A 512 x 256 PNG (Atom's logo is twice as wide as high, RFC 4287 section 4.2.8). */
export const LOGO_PNG =
  '${logo.toString('base64')}';
/** A 64 x 64 PNG in an ICO file: /favicon.ico, JSON Feed favicon. */
export const FAVICON_ICO =
  '${favicon.toString('base64')}';
`,
);
console.log(`icons: ${icon.length}, ${logo.length} and ${favicon.length} bytes`);
