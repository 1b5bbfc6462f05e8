#!/usr/bin/env node
/**
 * Writes the add-in's icons (assets/icon-<size>.png): a blue rounded square with a white "J"
 * and a check mark, drawn on a 32×32 master and scaled without smoothing. Plain zlib, no image
 * library. Run once; the PNGs are committed.
 */
const { writeFileSync, mkdirSync } = require("fs");
const { join } = require("path");
const zlib = require("zlib");

const SIZES = [16, 32, 64, 80, 128];
const BLUE = [0x1f, 0x4e, 0x79, 255];
const WHITE = [255, 255, 255, 255];
const GREEN = [0x70, 0xc0, 0x50, 255];
const CLEAR = [0, 0, 0, 0];

/** Colour of the master image at (x, y) in [0, 1)². */
function master(x, y) {
  const r = 0.18; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return CLEAR;
  // "J": a vertical bar and a hook
  const inBar = x >= 0.52 && x <= 0.66 && y >= 0.18 && y <= 0.66;
  const hookR = Math.hypot(x - 0.42, y - 0.62);
  const inHook = y >= 0.62 && hookR >= 0.10 && hookR <= 0.24 && x <= 0.66;
  const inTop = y >= 0.18 && y <= 0.30 && x >= 0.38 && x <= 0.78;
  if (inBar || inHook || inTop) return WHITE;
  // a small check mark in the lower right
  const d1 = Math.abs(y - (x - 0.70) - 0.80);
  const d2 = Math.abs(y + (x - 0.78) * 1.6 - 0.88);
  if (x >= 0.66 && x <= 0.78 && d1 < 0.05 && y > 0.70) return GREEN;
  if (x >= 0.76 && x <= 0.92 && d2 < 0.06 && y > 0.58 && y < 0.90) return GREEN;
  return BLUE;
}

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size) {
  const S = 4; // supersampling per axis
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const p = master((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          for (let i = 0; i < 3; i++) acc[i] += p[i] * p[3];
          acc[3] += p[3];
        }
      const a = acc[3] / (S * S);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      for (let i = 0; i < 3; i++) raw[o + i] = acc[3] ? Math.round(acc[i] / acc[3]) : 0;
      raw[o + 3] = Math.round(a);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const dir = join(__dirname, "..", "assets");
mkdirSync(dir, { recursive: true });
for (const s of SIZES) {
  writeFileSync(join(dir, `icon-${s}.png`), png(s));
  console.log(`assets/icon-${s}.png`);
}
