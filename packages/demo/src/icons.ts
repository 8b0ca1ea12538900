import { deflateSync } from "node:zlib";

/*
 * The phone app's icons, drawn here rather than shipped as binary files: a white check mark in a ring
 * on the brand colour. The same drawing as SVG (any size) and as PNG (192 and 512 pixels, "any" with
 * rounded corners and "maskable" full-bleed), since installability checks want PNGs.
 */

const RING = { cx: 0.5, cy: 0.5, r: 0.27, width: 0.06 };
const CHECK: [number, number][] = [
  [0.385, 0.51],
  [0.465, 0.59],
  [0.625, 0.425],
];
const CHECK_WIDTH = 0.07;
const CORNER = 0.22;

export function iconSvg(color: string): string {
  const s = (n: number) => String(Math.round(n * 512));
  const points = CHECK.map(([x, y]) => `${s(x)},${s(y)}`).join(" ");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" role="img" aria-label="Signet">` +
    `<rect width="512" height="512" rx="${s(CORNER)}" fill="${color}"/>` +
    `<circle cx="${s(RING.cx)}" cy="${s(RING.cy)}" r="${s(RING.r)}" fill="none" stroke="#fff" stroke-width="${s(RING.width)}"/>` +
    `<polyline points="${points}" fill="none" stroke="#fff" stroke-width="${s(CHECK_WIDTH)}" stroke-linecap="round" stroke-linejoin="round"/>` +
    `</svg>`
  );
}

/** Distance from (x, y) to the segment a–b. */
function segmentDistance(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Signed distance to a rounded square of side 1 with corner radius r (negative inside). */
function roundedSquareDistance(x: number, y: number, r: number): number {
  const qx = Math.abs(x - 0.5) - (0.5 - r);
  const qy = Math.abs(y - 0.5) - (0.5 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

const coverage = (distance: number, size: number) => Math.max(0, Math.min(1, 0.5 - distance * size));

function rgb(color: string): [number, number, number] {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** An RGBA PNG of the icon, `size` pixels square. */
export function iconPng(color: string, size: number, maskable = false): Buffer {
  const [r, g, b] = rgb(color);
  const stride = size * 4 + 1;
  const raw = Buffer.alloc(stride * size);
  for (let py = 0; py < size; py++) {
    raw[py * stride] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const background = maskable ? 1 : coverage(roundedSquareDistance(x, y, CORNER), size);
      const ring = Math.abs(Math.hypot(x - RING.cx, y - RING.cy) - RING.r) - RING.width / 2;
      const check = Math.min(segmentDistance(x, y, CHECK[0]!, CHECK[1]!), segmentDistance(x, y, CHECK[1]!, CHECK[2]!)) - CHECK_WIDTH / 2;
      const white = coverage(Math.min(ring, check), size);
      const at = py * stride + 1 + px * 4;
      raw[at] = Math.round(r + (255 - r) * white);
      raw[at + 1] = Math.round(g + (255 - g) * white);
      raw[at + 2] = Math.round(b + (255 - b) * white);
      raw[at + 3] = Math.round(255 * background);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed), 0);
  return Buffer.concat([length, typed, crc]);
}

/** The web app manifest of the phone app. */
export function phoneManifest(color: string): string {
  return JSON.stringify(
    {
      name: "Signet Authenticator (demo)",
      short_name: "Signet",
      description: "Approve sign-ins to Demo Bank from this phone.",
      id: "/phone/",
      start_url: "/phone/",
      scope: "/phone/",
      display: "standalone",
      orientation: "portrait",
      background_color: "#ffffff",
      theme_color: color,
      icons: [
        { src: "/phone/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
        { src: "/phone/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
        { src: "/phone/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
        { src: "/phone/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      ],
    },
    null,
    2,
  );
}
