import type { ProfileFlameNode, ProfileRecord } from '../result/types.js';
import { paramsLabel } from '../scenario/plan.js';
import { formatMs, formatPercent } from './format.js';

const CATEGORY_WORDS: Readonly<Record<string, string>> = { agent: 'agent code', serialisation: 'serialisation', ipc: 'IPC / messages', gc: 'GC', other: 'other' };
/** Icicle colours by category, readable on a light background. */
const CATEGORY_COLOURS: Readonly<Record<string, string>> = {
  agent: '#6aa84f',
  serialisation: '#e69138',
  ipc: '#3d85c6',
  gc: '#cc4125',
  other: '#999999',
  idle: '#dddddd',
  thread: '#674ea7',
};
const TOP_SHOWN = 5;

function busyMs(profile: ProfileRecord): number {
  return Object.values(profile.categoriesMs).reduce((sum, value) => sum + value, 0);
}

/** "agent code 61 % · serialisation 18 % · …", largest first. */
export function categoryLine(profile: ProfileRecord): string {
  const busy = busyMs(profile);
  return Object.entries(profile.categoriesMs)
    .filter(([, ms]) => ms > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([category, ms]) => `${CATEGORY_WORDS[category] ?? category} ${formatPercent(busy > 0 ? ms / busy : 0)}`)
    .join(' · ');
}

function functionLabel(item: ProfileRecord['top'][number]): string {
  const file = item.url ? ` ${item.url.replace(/^file:\/\/.*\/(dist\/|node_modules\/)/, '$1')}:${item.line}` : '';
  return `${item.name}${file}`;
}

/** Points in run order, each with its sides' profiles. */
function byPoint(profiles: readonly ProfileRecord[]): ProfileRecord[][] {
  const points = new Map<string, ProfileRecord[]>();
  for (const profile of profiles) points.set(profile.point, [...(points.get(profile.point) ?? []), profile]);
  return [...points.values()];
}

/** Console: per point and side, where the CPU went by category, then the top functions by self time. */
export function renderProfiles(profiles: readonly ProfileRecord[]): string {
  if (profiles.length === 0) return '';
  const lines = ['Profiles (self time of every thread and process of a side, sampled after the timed rounds):'];
  for (const point of byPoint(profiles)) {
    lines.push(`  ${point[0]!.workload}  ${paramsLabel(point[0]!.params)}`);
    for (const profile of point) {
      lines.push(`    ${profile.side}: busy ${formatMs(busyMs(profile))} in ${profile.runs} runs: ${categoryLine(profile)}`);
      for (const item of profile.top.slice(0, TOP_SHOWN)) {
        lines.push(`      ${formatPercent(item.share).padStart(6)}  ${CATEGORY_WORDS[item.category] ?? item.category}  ${functionLabel(item)}  (${item.thread})`);
      }
    }
    const folder = point[0]!.files[0]?.split(/[\\/]/).slice(0, 2).join('/');
    if (folder) lines.push(`    .cpuprofile files (Chrome DevTools loads them): ${folder}/<side>/, in the results folder`);
  }
  return lines.join('\n');
}

const ROW_PX = 16;
const WIDTH_PX = 1000;

/** An icicle (a flame graph top-down) as inline SVG: widths are inclusive time, colours the category. */
function icicleSvg(root: ProfileFlameNode, escape: (text: string) => string): string {
  const rects: string[] = [];
  let depth = 0;
  const draw = (node: ProfileFlameNode, x: number, width: number, level: number): void => {
    depth = Math.max(depth, level + 1);
    const colour = CATEGORY_COLOURS[node.category] ?? CATEGORY_COLOURS.other!;
    const label = `${node.name} ${formatMs(node.totalMs)}`;
    const text = width > 40 ? `<text x="${(x + 3).toFixed(1)}" y="${level * ROW_PX + 12}">${escape(label.slice(0, Math.floor(width / 6.5)))}</text>` : '';
    rects.push(`<g><title>${escape(`${label} (${CATEGORY_WORDS[node.category] ?? node.category})`)}</title><rect x="${x.toFixed(1)}" y="${level * ROW_PX}" width="${Math.max(0.5, width - 0.5).toFixed(1)}" height="${ROW_PX - 1}" fill="${colour}"/>${text}</g>`);
    let childX = x;
    for (const child of node.children) {
      const childWidth = node.totalMs > 0 ? (width * child.totalMs) / node.totalMs : 0;
      if (childWidth >= 0.5) draw(child, childX, childWidth, level + 1);
      childX += childWidth;
    }
  };
  draw(root, 0, WIDTH_PX, 0);
  return `<svg class="icicle" viewBox="0 0 ${WIDTH_PX} ${depth * ROW_PX}" width="100%" font-size="11" font-family="sans-serif" role="img" aria-label="${escape(`CPU icicle of ${root.name}`)}">${rects.join('')}</svg>`;
}

/** HTML: per point and side, the category shares, the top functions and an icicle chart, all inline. */
export function profilesHtml(profiles: readonly ProfileRecord[], escape: (text: string) => string): string {
  if (profiles.length === 0) return '';
  const legend = Object.entries(CATEGORY_WORDS)
    .map(([category, words]) => `<span class="chip"><span class="swatch" style="background:${CATEGORY_COLOURS[category]}"></span>${escape(words)}</span>`)
    .join('');
  const blocks = byPoint(profiles).map((point) => {
    const sides = point.map((profile) => {
      const rows = profile.top
        .slice(0, TOP_SHOWN)
        .map((item) => `<tr><td class="num">${formatPercent(item.share)}</td><td>${escape(CATEGORY_WORDS[item.category] ?? item.category)}</td><td>${escape(functionLabel(item))}</td><td>${escape(item.thread)}</td></tr>`)
        .join('');
      return [
        `<h4>${escape(profile.side)} <small>${escape(categoryLine(profile))}</small></h4>`,
        `<table class="points"><thead><tr><th class="num">self</th><th>category</th><th>function</th><th>where</th></tr></thead><tbody>${rows}</tbody></table>`,
        icicleSvg(profile.flame, escape),
        `<p class="intro">Files (load in Chrome DevTools, Performance): ${profile.files.map((file) => `<code>${escape(file)}</code>`).join(', ')}</p>`,
      ].join('\n');
    });
    return `<h3>${escape(`${point[0]!.workload} ${paramsLabel(point[0]!.params)}`)}</h3>\n${sides.join('\n')}`;
  });
  return [
    '<section id="profiles"><h2>Profiles</h2>',
    '<p class="intro">Where each side spends its CPU, sampled in a pass of its own after the timed rounds (so profiling never slows a measured round): the orchestrator’s main thread by an inspector session, each worker thread and child process by --cpu-prof. The icicle’s widths are inclusive time, top-down from each thread.</p>',
    `<p>${legend}</p>`,
    ...blocks,
    '</section>',
  ].join('\n');
}
