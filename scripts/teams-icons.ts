// `npx tsx scripts/teams-icons.ts`: draws the Teams app icons into manifest/teams/ (committed).
//   color.png   192×192, the accent colour with a white "service desk ticket" mark
//   outline.png  32×32, the same mark in white on a transparent background (Teams' rule)
// Shapes are drawn with 4×4 supersampling so edges are smooth.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './binary.js';

export const ACCENT = { r: 0x2f, g: 0x55, b: 0x97 };
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'manifest', 'teams');

/** Whether (x, y) of a unit square is on the mark: a ticket with an exclamation mark. `bold`
 *  thickens the strokes for the 32-pixel outline icon. */
function mark(x: number, y: number, bold: boolean): boolean {
  const w = bold ? 0.085 : 0.07;
  // Ticket: a rounded rectangle with a notch on each side, its inside cut out (a frame).
  const inRounded = (l: number, t: number, r: number, b: number, rad: number) => {
    if (x < l || x > r || y < t || y > b) return false;
    const cx = Math.min(Math.max(x, l + rad), r - rad);
    const cy = Math.min(Math.max(y, t + rad), b - rad);
    return (x - cx) ** 2 + (y - cy) ** 2 <= rad ** 2;
  };
  const notch = (x - 0.14) ** 2 + (y - 0.5) ** 2 < 0.07 ** 2 || (x - 0.86) ** 2 + (y - 0.5) ** 2 < 0.07 ** 2;
  const frame =
    inRounded(0.14, 0.22, 0.86, 0.78, 0.06) && !inRounded(0.14 + w, 0.22 + w, 0.86 - w, 0.78 - w, 0.03);
  // The exclamation mark: a bar and a dot.
  const bar = x > 0.5 - w / 2 && x < 0.5 + w / 2 && y > 0.37 && y < 0.55;
  const dot = (x - 0.5) ** 2 + (y - 0.63) ** 2 < (w * 0.55) ** 2;
  return (frame && !notch) || bar || dot;
}

function draw(size: number, background: { r: number; g: number; b: number } | null): Uint8Array {
  const bold = size < 64;
  const px = new Uint8Array(size * size * 4);
  const ss = 4;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++)
          if (mark((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size, bold)) hits++;
      const cover = hits / (ss * ss);
      const i = (y * size + x) * 4;
      if (background) {
        px[i] = Math.round(background.r + (255 - background.r) * cover);
        px[i + 1] = Math.round(background.g + (255 - background.g) * cover);
        px[i + 2] = Math.round(background.b + (255 - background.b) * cover);
        px[i + 3] = 255;
      } else {
        // Outline: white only, transparency carries the shape.
        px[i] = 255;
        px[i + 1] = 255;
        px[i + 2] = 255;
        px[i + 3] = Math.round(255 * cover);
      }
    }
  return px;
}

export function colorIcon(): Buffer {
  return encodePng(192, 192, draw(192, ACCENT));
}

export function outlineIcon(): Buffer {
  return encodePng(32, 32, draw(32, null));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(OUT, 'color.png'), colorIcon());
  writeFileSync(join(OUT, 'outline.png'), outlineIcon());
  console.log(`icons written to ${OUT}`);
}
