import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';

/** uPlot and its CSS load on the first chart, so pages without charts never pay for them. */
let library: Promise<typeof uPlot> | null = null;
function loadUPlot(): Promise<typeof uPlot> {
  library ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([module]) => module.default);
  return library;
}

export interface Series {
  label: string;
  values: number[];
  color: string;
}

interface ChartProps {
  /** What the chart shows, for the figure's caption and screen readers. */
  title: string;
  /** The x labels (days, months, bands, assignments). */
  labels: string[];
  series: Series[];
  kind: 'line' | 'bars';
  /** The text alternative: a table or summary with the same numbers, shown under the chart. */
  children: ComponentChildren;
  testId?: string;
}

/**
 * One chart and its text alternative. The canvas is hidden from screen readers (they get the table, which everyone can
 * open); it takes the width of its box, so it reads at 390 px, and redraws when its data changes (live updates).
 */
export function Chart({ title, labels, series, kind, children, testId }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let plot: uPlot | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    loadUPlot()
      .then((UPlot) => {
        const element = box.current;
        if (cancelled || !element || labels.length === 0) return;
        const width = Math.max(240, element.clientWidth);
        const xs = labels.map((_, i) => i);
        const bars = kind === 'bars' ? UPlot.paths.bars!({ size: [0.7, 40] }) : undefined;
        plot = new UPlot(
          {
            width,
            height: 200,
            legend: { show: series.length > 1 },
            cursor: { show: false },
            scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] } },
            axes: [
              { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? labels[t] ?? '' : '')), size: 40 },
              { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) },
            ],
            series: [
              {},
              ...series.map((s) => ({ label: s.label, stroke: s.color, fill: kind === 'bars' ? s.color : undefined, width: 2, paths: bars, points: { show: kind === 'line' } })),
            ],
          },
          [xs, ...series.map((s) => s.values)],
          element,
        );
        observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(240, element.clientWidth), height: 200 }));
        observer.observe(element);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [kind, JSON.stringify(labels), JSON.stringify(series)]);

  return (
    <figure class="analytics-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {labels.length === 0 ? (
        <p class="muted">Nothing to show yet.</p>
      ) : (
        <div ref={box} class="analytics-canvas" aria-hidden="true">
          {failed ? <p class="muted">The chart could not be drawn; the table below has the numbers.</p> : null}
        </div>
      )}
      <details class="analytics-table">
        <summary>{title}: as a table</summary>
        {children}
      </details>
    </figure>
  );
}
