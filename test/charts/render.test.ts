import { describe, expect, it } from 'vitest';
import { renderChartPng, renderChartSvg } from '../../src/charts/render.js';

const spec = {
  title: 'Penetration by department',
  data: {
    values: [
      { d: 'Legal', p: 0.86 },
      { d: 'Comms', p: 0.93 },
    ],
  },
  mark: 'bar',
  encoding: { x: { field: 'd', type: 'nominal' }, y: { field: 'p', type: 'quantitative' } },
} as const;

describe('chart rendering', () => {
  it('draws the labels of a Vega-Lite spec into SVG', async () => {
    const svg = await renderChartSvg(spec);
    expect(svg).toContain('Penetration by department');
    expect(svg).toContain('Legal');
  });

  it('rasterises to a PNG', async () => {
    const png = await renderChartPng(spec);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(2000);
  });
});
