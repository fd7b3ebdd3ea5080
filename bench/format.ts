// Part of `npm run bench` (bench/run.ts): how its report writes numbers and tables.

export const MiB = 1024 * 1024;
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};
export const ms = (value: number) =>
  value >= 100
    ? `${Math.round(value)} ms`
    : value >= 10
      ? `${value.toFixed(1)} ms`
      : `${value.toFixed(3)} ms`;
export const seconds = (value: number) =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : ms(value);
export const mib = (bytes: number) => `${(bytes / MiB).toFixed(bytes >= 100 * MiB ? 0 : 1)} MiB`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
export const int = (value: number) => Math.round(value).toLocaleString('en-US');
export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const sizeName = (size: number) =>
  size >= 1e6 && size % 1e6 === 0
    ? `${size / 1e6}M`
    : size >= 1000 && size % 1000 === 0
      ? `${size / 1000}k`
      : String(size);
export const cpuText = (total: number, system: number) =>
  `${total.toFixed(1)} µs (${(total - system).toFixed(1)} user, ${system.toFixed(1)} sys)`;
export const met = (ok: boolean) => (ok ? 'yes' : '**no**');

export function table(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => '---'), ...rows].map(
    (cells) => `| ${cells.join(' | ')} |`,
  );
  return lines.join('\n');
}

/** `b` against `a`, as a signed percentage. */
export function growth(b: number, a: number): string {
  return `${b >= a ? '+' : ''}${((b / a - 1) * 100).toFixed(1)} %`;
}
