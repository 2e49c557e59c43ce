/**
 * Chart → PNG: serialise a recharts SVG, draw it on a canvas, encode the canvas as PNG.
 *
 * recharts colours come from CSS (custom properties such as var(--grid) and the stylesheet), which
 * a standalone SVG image cannot see. So every element of the copy gets the *computed* values of
 * the presentation properties written inline before serialising. HTML legends are not part of the
 * SVG; the chart's title is drawn above it instead.
 */

const PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity',
  'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'visibility',
] as const;

/** A self-contained copy of `svg` with computed styles inlined and an explicit pixel size. */
export function standaloneSvg(svg: SVGSVGElement): { markup: string; width: number; height: number } {
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const target = to[i] as SVGElement;
    for (const p of PROPS) target.style.setProperty(p, cs.getPropertyValue(p));
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.ceil(width)));
  copy.setAttribute('height', String(Math.ceil(height)));
  return { markup: new XMLSerializer().serializeToString(copy), width: Math.ceil(width), height: Math.ceil(height) };
}

/** PNG bytes of the chart's SVG on white, at `scale`× resolution, with `title` on top. */
export async function chartPng(svg: SVGSVGElement, title: string, scale = 2): Promise<Blob> {
  const { markup, width, height } = standaloneSvg(svg);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const titleH = title ? 28 : 0;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = (height + titleH) * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas context');
    ctx.scale(scale, scale);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height + titleH);
    if (title) {
      ctx.fillStyle = '#1b2430';
      ctx.font = '600 14px system-ui, sans-serif';
      ctx.fillText(title, 10, 19);
    }
    ctx.drawImage(img, 0, titleH, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * The main chart SVG inside a container: a recharts surface (recharts also draws small SVG icons in
 * legends, skipped) or one of our own SVG charts, marked with the class `chart-svg`.
 */
export function mainSvg(container: HTMLElement): SVGSVGElement | null {
  return container.querySelector<SVGSVGElement>('svg.recharts-surface:not(.recharts-legend-item svg), svg.chart-svg');
}
