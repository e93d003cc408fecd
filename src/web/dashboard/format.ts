/** How the dashboard writes figures: the same text in charts and tables, and "suppressed" for a withheld one. */

/** A figure as the hub gives it: value null with suppressed true when 1 to 10 records make it up. */
export interface Figure {
  value: number | null;
  suppressed: boolean;
}

export type FigureKind = 'count' | 'per100k' | 'cents' | 'rate' | 'days';

export const SUPPRESSED = 'suppressed';

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const wholeDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A plain number of its kind (money arrives in integer cents). */
export function formatNumber(value: number, kind: FigureKind): string {
  switch (kind) {
    case 'count':
      return counts.format(value);
    case 'per100k':
      return oneDecimal.format(value);
    case 'cents':
      return dollars.format(value / 100);
    case 'rate':
      return percent.format(value);
    case 'days':
      return counts.format(value);
  }
}

/** Amounts of whole budgets, where cents would only clutter a chart. */
export const formatBudget = (cents: number) => wholeDollars.format(cents / 100);

/** "suppressed" for a withheld figure, "n/a" for one with nothing to compute from (a rate with none due). */
export function formatFigure(figure: Figure, kind: FigureKind): string {
  if (figure.suppressed) return SUPPRESSED;
  if (figure.value === null) return 'n/a';
  return formatNumber(figure.value, kind);
}

export const known = (figure: Figure): figure is { value: number; suppressed: false } => !figure.suppressed && figure.value !== null;
