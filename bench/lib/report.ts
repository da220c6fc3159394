import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  /** How to read the ratio: lower or higher is better. */
  better: 'lower' | 'higher';
}

// Compiled to dist/bench/lib: results go to <repo>/bench/results.
const RESULTS_DIR = join(__dirname, '..', '..', '..', 'bench', 'results');

/** Prints the figures as a table with their ratio to the baseline, and writes them as JSON. */
export function report(bench: string, figures: Figure[], context: Record<string, unknown> = {}): string {
  const rows = figures.map((f) => [
    f.name,
    `${round(f.value)} ${f.unit}`,
    f.baseline === undefined ? '' : `${round(f.baseline)} ${f.unit}`,
    f.baseline === undefined || f.baseline === 0 ? '' : `${round(f.value / f.baseline)}x`,
  ]);
  const header = ['figure', 'value', 'baseline', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  process.stdout.write(`\n${bench}\n${table}\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${bench}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ bench, at: new Date().toISOString(), context, figures }, null, 2));
  process.stdout.write(`written to ${file}\n`);
  return file;
}

export function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
