// A server-side DOM for Observable Plot in Node: linkedom, with <canvas> backed by @napi-rs/canvas
// (Plot needs a canvas for continuous colour legends and Plot.raster).
import { parseHTML } from 'linkedom';
import { createCanvas } from '@napi-rs/canvas';

let cached: Document | null = null;

/** A shared linkedom `document` whose createElement('canvas') returns a working 2-D canvas. */
export function nodeDocument(): Document {
  if (cached) return cached;
  const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
  const createElement = document.createElement.bind(document);
  (document as unknown as { createElement: (tag: string) => unknown }).createElement = (tag: string) => {
    if (String(tag).toLowerCase() !== 'canvas') return createElement(tag);
    // Plot draws into the canvas, then reads it back with toDataURL() for an <image> href.
    const canvas = createCanvas(1, 1) as unknown as { width: number; height: number; style?: object };
    canvas.style = {};
    return canvas;
  };
  cached = document as unknown as Document;
  return cached;
}
