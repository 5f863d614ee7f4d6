/**
 * The auditor's chart: every petition as a dot by its signatures (log scale), from most to fewest,
 * with the threshold lines drawn and labelled. A filled dot has linked text; a hollow one does not,
 * so the commitments not yet honoured stand out above the lines. Built as SVG with DOM calls (no
 * markup strings); a table with the same data is offered beside it for screen readers.
 */
import type { Threshold } from '../../shared/provenance/source-types.ts';
import type { PetitionSummary } from '../provenance/provenance-api.ts';
import { formatNumber } from '../provenance/source-labels.ts';
import type { Localizer } from '../ui/i18n.ts';
import { bandPositions, logScale } from './chart-scale.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 760;
const HEIGHT = 340;
const MARGIN = { top: 16, right: 150, bottom: 36, left: 64 };

/** Colours of the dots by level, each at least 3:1 on the white chart (non-text contrast). */
const LEVEL_COLOUR = ['#6b6f76', '#9a6700', '#b35200', '#b42318'];

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: Array<SVGElement | string>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

export function signaturesChart(i18n: Localizer, petitions: ReadonlyArray<PetitionSummary & { linked: boolean }>, thresholds: readonly Threshold[]): SVGSVGElement {
  const sorted = [...petitions].sort((a, b) => b.signatures - a.signatures);
  const scale = logScale([...sorted.map((p) => p.signatures), ...thresholds.map((t) => t.signatures)], HEIGHT - MARGIN.bottom, MARGIN.top);
  const xs = bandPositions(sorted.length, MARGIN.left, WIDTH - MARGIN.right);
  const titleId = 'chart-title';
  const descId = 'chart-desc';
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': titleId, 'aria-describedby': descId, class: 'signatures-chart', 'data-testid': 'signatures-chart' },
    svg('title', { id: titleId }, i18n.t('auditor.chart.title')),
    svg('desc', { id: descId }, i18n.t('auditor.chart.desc')),
    svg('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#ffffff' }),
  );
  // Axis with a tick at each power of ten.
  const axis = svg('g', { class: 'chart-axis', 'aria-hidden': 'true' });
  axis.append(svg('line', { x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, stroke: '#51555c' }));
  for (const tick of scale.ticks) {
    const y = scale.at(tick);
    axis.append(
      svg('line', { x1: MARGIN.left - 4, x2: WIDTH - MARGIN.right, y1: y, y2: y, stroke: '#e4e1d8' }),
      svg('text', { x: MARGIN.left - 8, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#51555c' }, formatNumber(i18n, tick)),
    );
  }
  axis.append(
    svg('text', { x: 14, y: (MARGIN.top + HEIGHT - MARGIN.bottom) / 2, transform: `rotate(-90 14 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2})`, 'text-anchor': 'middle', 'font-size': 11, fill: '#51555c' }, i18n.t('auditor.chart.axis')),
  );
  chart.append(axis);
  // Threshold lines, labelled at the right end.
  const lines = svg('g', { class: 'chart-thresholds' });
  for (const threshold of thresholds) {
    const y = scale.at(threshold.signatures);
    const colour = LEVEL_COLOUR[Math.min(3, threshold.level)] ?? '#51555c';
    lines.append(
      svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right + 6, y1: y, y2: y, stroke: colour, 'stroke-width': 1.5, 'stroke-dasharray': '6 4', 'data-threshold': threshold.level }),
      svg('text', { x: WIDTH - MARGIN.right + 10, y: y + 4, 'font-size': 12, fill: colour, 'font-weight': 600 }, i18n.t('auditor.chart.threshold', { level: threshold.level, signatures: formatNumber(i18n, threshold.signatures) })),
    );
  }
  chart.append(lines);
  // Dots: filled when the petition has linked text.
  const dots = svg('g', { class: 'chart-dots', 'aria-hidden': 'true' });
  sorted.forEach((petition, i) => {
    const colour = LEVEL_COLOUR[Math.min(3, petition.level)] ?? '#6b6f76';
    const dot = svg('circle', {
      cx: (xs[i] ?? 0).toFixed(1),
      cy: scale.at(petition.signatures).toFixed(1),
      r: petition.level >= 2 ? 4.5 : 3,
      fill: petition.linked ? colour : '#ffffff',
      stroke: colour,
      'stroke-width': 1.5,
      'data-linked': String(petition.linked),
    });
    dot.append(svg('title', {}, `${petition.title} — ${formatNumber(i18n, petition.signatures)}`));
    dots.append(dot);
  });
  chart.append(dots);
  // Legend.
  const legendY = HEIGHT - 10;
  chart.append(
    svg(
      'g',
      { class: 'chart-legend', 'aria-hidden': 'true', 'font-size': 11, fill: '#1d1d1f' },
      svg('circle', { cx: MARGIN.left + 6, cy: legendY - 4, r: 4, fill: '#1d4e89', stroke: '#1d4e89' }),
      svg('text', { x: MARGIN.left + 16, y: legendY }, i18n.t('auditor.chart.legend.linked')),
      svg('circle', { cx: MARGIN.left + 200, cy: legendY - 4, r: 4, fill: '#ffffff', stroke: '#1d4e89', 'stroke-width': 1.5 }),
      svg('text', { x: MARGIN.left + 210, y: legendY }, i18n.t('auditor.chart.legend.unlinked')),
    ),
  );
  return chart;
}
