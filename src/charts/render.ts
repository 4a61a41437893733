import type { TopLevelSpec } from 'vega-lite';

export type { TopLevelSpec };

/**
 * Renders a Vega-Lite spec to PNG with no browser and no network: Vega draws SVG, resvg rasterises it
 * with the system's fonts (DejaVu on Debian). Charts in Slack and in the sandbox come from here.
 */
export async function renderChartPng(spec: TopLevelSpec, options: { scale?: number } = {}): Promise<Buffer> {
  const svg = await renderChartSvg(spec);
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use, like every heavy renderer: most commands draw no chart.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const { spec: vgSpec } = compile({ config: { font: 'DejaVu Sans', background: 'white' }, ...spec } as TopLevelSpec);
  // No loader: charts carry their data inline, and must never fetch anything.
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader: vega.loader({ mode: 'file' }) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
