/**
 * Colours and CSS of the HTML report. A backend keeps one colour in every
 * chart, so a reader who learnt "blue is threads" in one chart can trust it
 * in the next.
 */
const BACKEND_COLOURS: Readonly<Record<string, string>> = {
  inline: '#64748b',
  threads: '#2563eb',
  'processes:json': '#f59e0b',
  'processes:advanced': '#dc2626',
};

/** For variants the lab may grow (msgpackr, transfer lists, …): distinct from the four above. */
const EXTRA_COLOURS = ['#059669', '#db2777', '#0891b2', '#7c3aed', '#65a30d', '#9a3412'];

/** The colour of every side label, in first-seen order for the ones without a fixed colour. */
export function sideColours(labels: Iterable<string>): Record<string, string> {
  const colours: Record<string, string> = {};
  let extra = 0;
  for (const label of labels) {
    if (colours[label]) continue;
    colours[label] = BACKEND_COLOURS[label] ?? EXTRA_COLOURS[extra++ % EXTRA_COLOURS.length]!;
  }
  return colours;
}

/** Verdict colours: the winner's backend colour, grey when no difference holds up. */
export const VERDICT_COLOURS = { a: '#2563eb', b: '#ea580c', same: '#94a3b8' } as const;

export const REPORT_CSS = `
:root { --ink: #0f172a; --muted: #475569; --line: #e2e8f0; --panel: #f8fafc; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 64px; }
header h1 { font-size: 26px; line-height: 1.25; margin: 0 0 6px; }
header .meta { color: var(--muted); margin: 0; font-size: 14px; }
nav { margin: 14px 0 8px; display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
section { margin-top: 36px; }
h2 { font-size: 20px; margin: 0 0 6px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 4px; }
p.intro, p.empty, p.chart-note { color: var(--muted); margin: 4px 0 10px; font-size: 14px; }
p.empty { font-style: italic; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  color: #fff; background: var(--muted); vertical-align: 2px; }
.badge.incomplete { background: #b45309; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; margin-top: 12px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; background: var(--panel); }
.card h3 { margin: 0 0 6px; }
.card p { margin: 6px 0; }
.card ul { margin: 6px 0 0; padding-left: 18px; font-size: 14px; }
.tally { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 8px; }
.chip { display: inline-flex; align-items: center; gap: 6px; border-radius: 999px; padding: 1px 10px; font-size: 13px;
  background: #fff; border: 1px solid var(--line); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
.notice { border-left: 4px solid #f59e0b; background: #fffbeb; padding: 10px 14px; margin: 14px 0; border-radius: 0 8px 8px 0; }
.notice.failure { border-color: #dc2626; background: #fef2f2; }
.notice.ok { border-color: #16a34a; background: #f0fdf4; }
.notice ul { margin: 4px 0 0; padding-left: 18px; }
.notice p { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 13px; margin: 8px 0; table-layout: auto; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top;
  overflow-wrap: anywhere; }
th { font-weight: 600; color: var(--muted); background: var(--panel); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.win-a { color: #1d4ed8; font-weight: 600; }
td.win-b { color: #c2410c; font-weight: 600; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 13px; margin: 6px 0; }
.chart { position: relative; width: 100%; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 8px 24px; }
.grid > div { min-width: 0; }
select { font: inherit; font-size: 14px; padding: 4px 8px; max-width: 100%; border: 1px solid #cbd5e1; border-radius: 6px; }
button { font: inherit; font-size: 14px; padding: 8px 16px; border-radius: 8px; border: 0; color: #fff;
  background: var(--accent); cursor: pointer; }
button:hover { background: #1d4ed8; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 14px; margin: 8px 0; }
dl.env dt { color: var(--muted); }
dl.env dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 560px) { .grid, .cards { grid-template-columns: 1fr; } }
`;
