/**
 * The auditor's chart of petitions by signatures (log scale), from most to fewest, with the
 * threshold lines drawn and labelled. The server sends a summary (shared/provenance/report-types.ts):
 * the most signed petitions are dots, filled when they have linked text and hollow when not, so the
 * commitments not yet honoured stand out above the lines; when there are more petitions than dots,
 * the rest are bars to the right, one per group of similar signatures, as wide as the group is
 * large, filled in the share that has linked text. A log scale has no place for zero, so petitions
 * without signatures sit on a line of their own under the scale, labelled 0, never at 1.
 *
 * Built as SVG with DOM calls (no markup strings). The margins are measured from the labels, so a
 * 10,000,000 on the axis is never cut. The chart is an image with a short text alternative (the
 * figures it shows, in words) that the page writes beside it; the petitions themselves are in a
 * paged table there.
 */
import type { ChartBin, ChartPoint, SignaturesSummary } from '../../shared/provenance/report-types.ts';
import { formatNumber } from '../provenance/source-labels.ts';
import type { Localizer } from '../ui/i18n.ts';
import { bandPositions, logScale } from './chart-scale.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 760;
const HEIGHT = 360;
const TOP = 22;
/** Room under the plot for the legend. */
const LEGEND = 40;
/** The line of petitions with no signatures, this far under the scale. */
const ZERO_GAP = 24;
/** Average advance of a character of the labels, per pixel of font size (a little generous). */
const CHAR_WIDTH = 0.62;
/** The share of the plot's width given to the dots when some petitions are grouped. */
const DOTS_SHARE = 0.7;

/** Colours of the dots by level, each at least 3:1 on the white chart (non-text contrast). */
const LEVEL_COLOUR = ['#6b6f76', '#9a6700', '#b35200', '#b42318'];
const AXIS = '#51555c';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: Array<SVGElement | string>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

const colourOf = (level: number): string => LEVEL_COLOUR[Math.max(0, Math.min(3, level))] ?? AXIS;

/** The width a label takes at `size` px, estimated from its length. */
export function labelWidth(text: string, size: number): number {
  return Math.ceil(text.length * size * CHAR_WIDTH);
}

/** The level of a number of signatures, as the thresholds say. */
function levelOf(signatures: number, summary: SignaturesSummary): number {
  let level = 0;
  for (const t of summary.thresholds) if (signatures >= t.signatures && t.level > level) level = t.level;
  return level;
}

export function signaturesChart(i18n: Localizer, summary: SignaturesSummary, ids: { title: string; description: string }): SVGSVGElement {
  const number = (n: number): string => formatNumber(i18n, n);
  const { points, bins, thresholds } = summary;
  const positive = [...points.map((p) => p.signatures), ...bins.flatMap((b) => [b.min, b.max]), ...thresholds.map((t) => t.signatures)].filter((v) => v > 0);
  const hasZero = summary.zero > 0;
  const logBottom = HEIGHT - LEGEND - (hasZero ? ZERO_GAP : 0);
  const zeroY = logBottom + ZERO_GAP - 4;
  const scale = logScale(positive, logBottom, TOP);

  const tickLabels = scale.ticks.map(number);
  const left = 30 + Math.max(...tickLabels.map((label) => labelWidth(label, 11)), labelWidth('0', 11)) + 8;
  const thresholdLabels = thresholds.map((t) => i18n.t('auditor.chart.threshold', { level: t.level, signatures: number(t.signatures) }));
  const right = WIDTH - 14 - Math.max(0, ...thresholdLabels.map((label) => labelWidth(label, 12)));
  const dotsRight = bins.length > 0 ? left + (right - left) * DOTS_SHARE : right;

  const chart = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': ids.title, 'aria-describedby': ids.description, class: 'signatures-chart', 'data-testid': 'signatures-chart' },
    svg('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#ffffff' }),
  );

  // The axis: a tick at each power of ten, and the line of zeros under a break when there are any.
  const axis = svg('g', { class: 'chart-axis', 'aria-hidden': 'true', 'font-size': 11, fill: AXIS });
  axis.append(svg('line', { x1: left, x2: left, y1: TOP, y2: logBottom, stroke: AXIS }));
  scale.ticks.forEach((tick, i) => {
    const y = scale.at(tick);
    axis.append(
      svg('line', { x1: left - 4, x2: right, y1: y, y2: y, stroke: '#e4e1d8' }),
      svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', 'data-tick': tick }, tickLabels[i] ?? ''),
    );
  });
  if (hasZero) {
    axis.append(
      svg('line', { x1: left - 5, x2: left + 5, y1: logBottom + 5, y2: logBottom + 1, stroke: AXIS }),
      svg('line', { x1: left - 5, x2: left + 5, y1: logBottom + 9, y2: logBottom + 5, stroke: AXIS }),
      svg('line', { x1: left - 4, x2: right, y1: zeroY, y2: zeroY, stroke: '#e4e1d8', 'data-zero-line': 'true' }),
      svg('text', { x: left - 8, y: zeroY + 4, 'text-anchor': 'end', 'data-tick': 0 }, number(0)),
    );
  }
  const middle = (TOP + logBottom) / 2;
  axis.append(svg('text', { x: 14, y: middle, transform: `rotate(-90 14 ${middle})`, 'text-anchor': 'middle' }, i18n.t('auditor.chart.axis')));
  chart.append(axis);

  // Threshold lines, labelled at the right end.
  const lines = svg('g', { class: 'chart-thresholds', 'aria-hidden': 'true' });
  thresholds.forEach((threshold, i) => {
    const y = scale.at(threshold.signatures);
    const colour = colourOf(threshold.level);
    lines.append(
      svg('line', { x1: left, x2: right + 6, y1: y, y2: y, stroke: colour, 'stroke-width': 1.5, 'stroke-dasharray': '6 4', 'data-threshold': threshold.level }),
      svg('text', { x: right + 10, y: y + 4, 'font-size': 12, fill: colour, 'font-weight': 600 }, thresholdLabels[i] ?? ''),
    );
  });
  chart.append(lines);

  chart.append(dotsOf(i18n, points, scale.at, zeroY, left, dotsRight));
  if (bins.length > 0) chart.append(barsOf(i18n, summary, scale.at, zeroY, dotsRight, right));

  // Legend.
  const legendY = HEIGHT - 12;
  const legend = svg(
    'g',
    { class: 'chart-legend', 'aria-hidden': 'true', 'font-size': 11, fill: '#1d1d1f' },
    svg('circle', { cx: left + 6, cy: legendY - 4, r: 4, fill: '#1d4e89', stroke: '#1d4e89' }),
    svg('text', { x: left + 16, y: legendY }, i18n.t('auditor.chart.legend.linked')),
    svg('circle', { cx: left + 196, cy: legendY - 4, r: 4, fill: '#ffffff', stroke: '#1d4e89', 'stroke-width': 1.5 }),
    svg('text', { x: left + 206, y: legendY }, i18n.t('auditor.chart.legend.unlinked')),
  );
  if (bins.length > 0) {
    legend.append(
      svg('rect', { x: left + 386, y: legendY - 10, width: 12, height: 12, fill: '#ffffff', stroke: '#1d4e89', 'stroke-width': 1.5 }),
      svg('rect', { x: left + 386, y: legendY - 10, width: 5, height: 12, fill: '#1d4e89' }),
      svg('text', { x: left + 404, y: legendY }, i18n.t('auditor.chart.legend.grouped')),
    );
  }
  chart.append(legend);
  // The accessible name; the description is the page's text alternative (ids.description).
  chart.prepend(svg('title', { id: ids.title }, i18n.t('auditor.chart.title')));
  return chart;
}

/** One dot per petition, most signatures first. */
function dotsOf(i18n: Localizer, points: readonly ChartPoint[], at: (value: number) => number, zeroY: number, from: number, to: number): SVGGElement {
  const xs = bandPositions(points.length, from, to);
  // Many dots overlap: smaller ones keep the shape readable.
  const crowded = points.length > 200;
  const dots = svg('g', { class: 'chart-dots', 'aria-hidden': 'true' });
  points.forEach((petition, i) => {
    const colour = colourOf(petition.level);
    const dot = svg('circle', {
      cx: (xs[i] ?? 0).toFixed(1),
      cy: (petition.signatures > 0 ? at(petition.signatures) : zeroY).toFixed(1),
      r: crowded ? (petition.level >= 2 ? 3 : 2) : petition.level >= 2 ? 4.5 : 3,
      fill: petition.linked ? colour : '#ffffff',
      stroke: colour,
      'stroke-width': crowded ? 1 : 1.5,
      'data-linked': String(petition.linked),
      'data-signatures': petition.signatures,
    });
    dot.append(svg('title', {}, `${petition.title} — ${formatNumber(i18n, petition.signatures)}`));
    dots.append(dot);
  });
  return dots;
}

/** The grouped petitions: one bar per group, as wide as it is large, filled in its linked share. */
function barsOf(i18n: Localizer, summary: SignaturesSummary, at: (value: number) => number, zeroY: number, dotsRight: number, right: number): SVGGElement {
  const number = (n: number): string => formatNumber(i18n, n);
  const rest = summary.bins.reduce((sum, bin) => sum + bin.count, 0);
  const from = dotsRight + 10;
  const bars = svg('g', { class: 'chart-bins', 'aria-hidden': 'true' });
  bars.append(
    svg('line', { x1: dotsRight + 5, x2: dotsRight + 5, y1: TOP - 6, y2: zeroY + 4, stroke: AXIS, 'stroke-dasharray': '2 3' }),
    svg('text', { x: from, y: TOP - 8, 'font-size': 11, fill: AXIS }, i18n.t('auditor.chart.grouped', { count: number(rest) })),
  );
  // As wide as each group is large; a group too small to see gets a sliver, taken from the others.
  const raw = summary.bins.map((bin) => Math.max(1.5, ((right - from) * bin.count) / Math.max(1, rest)));
  const fit = (right - from) / raw.reduce((sum, w) => sum + w, 0);
  let x = from;
  for (const [i, bin] of summary.bins.entries()) {
    const width = (raw[i] ?? 0) * fit;
    const top = bin.max > 0 ? at(bin.max) : zeroY - 1;
    const bottom = bin.max > 0 ? at(Math.max(1, bin.min)) : zeroY + 1;
    const height = Math.max(2, bottom - top);
    const colour = colourOf(levelOf(bin.max, summary));
    const group = svg('g', { 'data-bin': `${bin.min}-${bin.max}`, 'data-count': bin.count, 'data-linked': bin.linked });
    group.append(
      svg('rect', { x: x.toFixed(1), y: top.toFixed(1), width: width.toFixed(1), height: height.toFixed(1), fill: '#ffffff', stroke: colour, 'stroke-width': 1 }),
      svg('rect', { x: x.toFixed(1), y: top.toFixed(1), width: ((width * bin.linked) / bin.count).toFixed(1), height: height.toFixed(1), fill: colour }),
      svg('title', {}, binTitle(i18n, bin)),
    );
    bars.append(group);
    x += width;
  }
  return bars;
}

function binTitle(i18n: Localizer, bin: ChartBin): string {
  const number = (n: number): string => formatNumber(i18n, n);
  return i18n.t('auditor.chart.bin', { count: number(bin.count), min: number(bin.min), max: number(bin.max), linked: number(bin.linked) });
}
