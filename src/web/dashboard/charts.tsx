/**
 * Plain SVG charts: each mark carries the figure it draws (data-value, empty when withheld) and its label the text
 * the tables use, so what a reader sees is exactly what the API answered.
 */
import type { ReactNode } from 'react';
import { formatFigure, known, type Figure, type FigureKind } from './format';

const palette = ['#1f6fb2', '#f08c2e', '#3c9d5d', '#c2453d', '#7c5cc4', '#8c6d3f'];

function dataValue(figure: Figure): string {
  return known(figure) ? String(figure.value) : '';
}

export interface BarRow {
  key: string;
  label: string;
  figure: Figure;
}

/** One horizontal bar per row, scaled to the largest known value; a withheld row shows the word instead of a bar. */
export function BarChart({ name, rows, kind, color = palette[0] }: { name: string; rows: BarRow[]; kind: FigureKind; color?: string }) {
  const labelWidth = 190;
  const barSpace = 330;
  const rowHeight = 28;
  const max = Math.max(1, ...rows.filter((row) => known(row.figure)).map((row) => row.figure.value!));
  return (
    <svg className="chart" data-chart={name} viewBox={`0 0 ${labelWidth + barSpace + 110} ${rows.length * rowHeight + 4}`} role="img" aria-label={name}>
      {rows.map((row, index) => {
        const y = index * rowHeight + 2;
        const width = known(row.figure) ? Math.max(1, (row.figure.value / max) * barSpace) : 0;
        return (
          <g key={row.key} data-row={row.key} data-value={dataValue(row.figure)}>
            <text x={labelWidth - 8} y={y + rowHeight / 2 + 4} textAnchor="end" className="axis-label">
              {row.label}
            </text>
            {known(row.figure) ? (
              <rect x={labelWidth} y={y + 4} width={width} height={rowHeight - 8} fill={color} rx={2} />
            ) : (
              <rect x={labelWidth} y={y + 4} width={barSpace} height={rowHeight - 8} className="withheld" rx={2} />
            )}
            <text x={labelWidth + (known(row.figure) ? width : 0) + 6} y={y + rowHeight / 2 + 4} className="value-label">
              {formatFigure(row.figure, kind)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface GroupRow {
  key: string;
  label: string;
  figures: Figure[];
}

/** Bars side by side per group (a state's expirations within 30, 60 and 90 days). */
export function GroupedBarChart({ name, groups, series, kind }: { name: string; groups: GroupRow[]; series: string[]; kind: FigureKind }) {
  const barWidth = 34;
  const gap = 26;
  const height = 180;
  const top = 18;
  const groupWidth = series.length * barWidth + gap;
  const max = Math.max(1, ...groups.flatMap((group) => group.figures.filter(known).map((figure) => figure.value!)));
  return (
    <figure className="chart-figure">
      <svg className="chart" data-chart={name} viewBox={`0 0 ${Math.max(groups.length * groupWidth + 20, 560)} ${height + top + 24}`} role="img" aria-label={name}>
        {groups.map((group, groupIndex) => {
          const x0 = 10 + groupIndex * groupWidth;
          return (
            <g key={group.key} data-row={group.key}>
              {group.figures.map((figure, index) => {
                const barHeight = known(figure) ? Math.max(1, (figure.value / max) * height) : 0;
                const x = x0 + index * barWidth;
                return (
                  <g key={series[index]} data-series={series[index]} data-value={dataValue(figure)}>
                    {known(figure) ? (
                      <rect x={x + 2} y={top + height - barHeight} width={barWidth - 4} height={barHeight} fill={palette[index % palette.length]} />
                    ) : (
                      <rect x={x + 2} y={top} width={barWidth - 4} height={height} className="withheld" />
                    )}
                    <text x={x + barWidth / 2} y={top + height - barHeight - 4} textAnchor="middle" className="value-label small">
                      {formatFigure(figure, kind)}
                    </text>
                  </g>
                );
              })}
              <text x={x0 + (series.length * barWidth) / 2} y={top + height + 16} textAnchor="middle" className="axis-label">
                {group.label}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

function Legend({ series }: { series: string[] }) {
  return (
    <figcaption className="legend">
      {series.map((name, index) => (
        <span key={name}>
          <i style={{ background: palette[index % palette.length] }} />
          {name}
        </span>
      ))}
    </figcaption>
  );
}

export interface LineSeries {
  name: string;
  points: Figure[];
}

/** Monthly lines over shared x labels; a withheld month breaks its line and is marked on the axis. */
export function LineChart({ name, labels, series, kind }: { name: string; labels: string[]; series: LineSeries[]; kind: FigureKind }) {
  const width = 640;
  const height = 200;
  const left = 44;
  const top = 12;
  const plotWidth = width - left - 16;
  const max = Math.max(1, ...series.flatMap((line) => line.points.filter(known).map((point) => point.value!)));
  const x = (index: number) => left + (labels.length > 1 ? (index / (labels.length - 1)) * plotWidth : plotWidth / 2);
  const y = (value: number) => top + height - (value / max) * height;
  const segments = (points: Figure[]) => {
    const runs: string[] = [];
    let run: string[] = [];
    points.forEach((point, index) => {
      if (known(point)) {
        run.push(`${x(index)},${y(point.value)}`);
      } else if (run.length) {
        runs.push(run.join(' '));
        run = [];
      }
    });
    if (run.length) runs.push(run.join(' '));
    return runs;
  };
  return (
    <figure className="chart-figure">
      <svg className="chart" data-chart={name} viewBox={`0 0 ${width} ${height + top + 30}`} role="img" aria-label={name}>
        <line x1={left} x2={left + plotWidth} y1={top + height} y2={top + height} className="axis" />
        <text x={left - 6} y={top + 4} textAnchor="end" className="axis-label small">
          {formatFigure({ value: max, suppressed: false }, kind)}
        </text>
        <text x={left - 6} y={top + height} textAnchor="end" className="axis-label small">
          0
        </text>
        {labels.map((label, index) => (
          <text key={label} x={x(index)} y={top + height + 16} textAnchor="middle" className="axis-label small">
            {label}
          </text>
        ))}
        {series.map((line, seriesIndex) => (
          <g key={line.name} data-series={line.name}>
            {segments(line.points).map((points) => (
              <polyline key={points} points={points} fill="none" stroke={palette[seriesIndex % palette.length]} strokeWidth={2} />
            ))}
            {line.points.map((point, index) => (
              <circle
                key={labels[index]}
                data-row={labels[index]}
                data-value={dataValue(point)}
                cx={x(index)}
                cy={known(point) ? y(point.value) : top + height}
                r={known(point) ? 3.5 : 2.5}
                className={known(point) ? undefined : 'withheld-point'}
                fill={palette[seriesIndex % palette.length]}
              >
                <title>{`${line.name}, ${labels[index]}: ${formatFigure(point, kind)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <Legend series={series.map((line) => line.name)} />
      <table className="compact" data-table={name}>
        <thead>
          <tr>
            <th />
            {labels.map((label) => (
              <th key={label}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((line) => (
            <tr key={line.name} data-row={line.name}>
              <td>{line.name}</td>
              {line.points.map((point, index) => (
                <td key={labels[index]}>{point.suppressed ? '–' : formatFigure(point, kind)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export interface RangeRow {
  key: string;
  label: string;
  min: Figure;
  median: Figure;
  max: Figure;
  note?: string;
}

/** A range per row (lowest to highest) with its median marked: what open postings pay. */
export function RangeChart({ name, rows, kind }: { name: string; rows: RangeRow[]; kind: FigureKind }) {
  const labelWidth = 190;
  const span = 300;
  const rowHeight = 30;
  const max = Math.max(1, ...rows.filter((row) => known(row.max)).map((row) => row.max.value!));
  const at = (value: number) => labelWidth + (value / max) * span;
  return (
    <svg className="chart" data-chart={name} viewBox={`0 0 ${labelWidth + span + 190} ${rows.length * rowHeight + 4}`} role="img" aria-label={name}>
      {rows.map((row, index) => {
        const y = index * rowHeight + 2 + rowHeight / 2;
        const drawn = known(row.min) && known(row.max) && known(row.median);
        return (
          <g key={row.key} data-row={row.key} data-value={dataValue(row.median)}>
            <text x={labelWidth - 8} y={y + 4} textAnchor="end" className="axis-label">
              {row.label}
            </text>
            {drawn ? (
              <>
                <line x1={at(row.min.value!)} x2={at(row.max.value!)} y1={y} y2={y} stroke={palette[0]} strokeWidth={6} strokeLinecap="round" opacity={0.35} />
                <circle cx={at(row.median.value!)} cy={y} r={6} fill={palette[0]} />
              </>
            ) : (
              <rect x={labelWidth} y={y - 8} width={span} height={16} className="withheld" rx={2} />
            )}
            <text x={labelWidth + span + 14} y={y + 4} className="value-label">
              {formatFigure(row.median, kind)}
              {row.note ? <tspan className="note">{` ${row.note}`}</tspan> : null}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface StackRow {
  key: string;
  label: string;
  total: number;
  parts: { name: string; amount: number }[];
  caption: ReactNode;
}

/** A bar per row of its whole (a fund's budget) split into parts (used, remaining), its name above it. */
export function StackedBarChart({ name, rows, partNames }: { name: string; rows: StackRow[]; partNames: string[] }) {
  const span = 420;
  const rowHeight = 42;
  const max = Math.max(1, ...rows.map((row) => row.total));
  return (
    <figure className="chart-figure">
      <svg className="chart" data-chart={name} viewBox={`0 0 ${span + 220} ${rows.length * rowHeight + 4}`} role="img" aria-label={name}>
        {rows.map((row, index) => {
          const y = index * rowHeight + 2;
          let x = 0;
          return (
            <g key={row.key} data-row={row.key} data-value={String(row.total)}>
              <text x={0} y={y + 12} className="axis-label">
                {row.label}
              </text>
              {row.parts.map((part, partIndex) => {
                const width = (part.amount / max) * span;
                const rect = (
                  <rect key={part.name} data-series={part.name} data-value={String(part.amount)} x={x} y={y + 18} width={width} height={rowHeight - 24} fill={palette[partIndex % palette.length]} />
                );
                x += width;
                return rect;
              })}
              <text x={x + 8} y={y + rowHeight - 9} className="value-label">
                {row.caption}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend series={partNames} />
    </figure>
  );
}
