/**
 * The picture `nianbao explain` writes: a grey page with what the reader found drawn on it.
 * Boxes are in points of the page as read; `scale` is its pixels per point.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { Edge } from '../extractors/layout/lines.js';
import type { Box } from '../extractors/model.js';

export interface ExplainedCell {
  id: string;
  value: number | null;
  raw: string;
  confidence: number;
  source: 'text' | 'ocr';
  box: Box;
}

export interface Explanation {
  edges: readonly Edge[];
  /** Every table cell's box (values or not). */
  cells: readonly Box[];
  /** The cells that became record cells. */
  values: readonly ExplainedCell[];
  minConfidence: number;
}

/** PNG bytes of the page with the explanation drawn over it. */
export function drawExplanation(
  page: { width: number; height: number; data: Uint8Array },
  scale: number,
  e: Explanation,
): Buffer {
  const canvas = createCanvas(page.width, page.height);
  const ctx = canvas.getContext('2d');
  const rgba = ctx.createImageData(page.width, page.height);
  for (let i = 0, j = 0; i < page.data.length; i++, j += 4) {
    // Faded, so what is drawn over it stands out.
    const v = 96 + ((page.data[i]! * 159) >> 8);
    rgba.data[j] = v;
    rgba.data[j + 1] = v;
    rgba.data[j + 2] = v;
    rgba.data[j + 3] = 255;
  }
  ctx.putImageData(rgba, 0, 0);
  const px = (b: Box): [number, number, number, number] => [
    b[0] * scale,
    b[1] * scale,
    (b[2] - b[0]) * scale,
    (b[3] - b[1]) * scale,
  ];
  ctx.lineWidth = Math.max(1, scale * 0.4);
  ctx.strokeStyle = 'rgba(40, 90, 230, 0.8)';
  for (const c of e.cells) ctx.strokeRect(...px(c));
  ctx.lineWidth = Math.max(1, scale * 0.6);
  ctx.strokeStyle = 'rgba(230, 30, 30, 0.9)';
  for (const edge of e.edges) {
    ctx.beginPath();
    if (edge.orientation === 'h') {
      ctx.moveTo(edge.from * scale, edge.at * scale);
      ctx.lineTo(edge.to * scale, edge.at * scale);
    } else {
      ctx.moveTo(edge.at * scale, edge.from * scale);
      ctx.lineTo(edge.at * scale, edge.to * scale);
    }
    ctx.stroke();
  }
  const small = Math.max(7, Math.round(3.2 * scale));
  const large = Math.max(9, Math.round(5 * scale));
  for (const c of e.values) {
    const colour =
      c.value === null
        ? 'rgb(120, 120, 120)'
        : c.source === 'ocr' && c.confidence < e.minConfidence
          ? 'rgb(230, 140, 0)'
          : 'rgb(0, 150, 60)';
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = Math.max(1, scale * 0.5);
    const [x, y, w, h] = px(c.box);
    ctx.strokeRect(x + 1, y + 1, w - 2, h - 2);
    ctx.font = `${large}px sans-serif`;
    const conf = c.source === 'ocr' ? ` ${c.confidence.toFixed(2)}` : '';
    ctx.fillText(`${c.value ?? '∅'}${conf}`, x + 3, y + large + 1);
    ctx.font = `${small}px sans-serif`;
    // The id without its table: the row and column, which is what tells cells apart.
    ctx.fillText(c.id.split('.').slice(1).join('.'), x + 3, y + h - 3, Math.max(10, w - 6));
  }
  return canvas.toBuffer('image/png');
}
